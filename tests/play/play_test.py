#!/usr/bin/env python3
"""`racecheck play` as a person plays it.

    play_test.py --racecheck BUILD/racecheck --mode tmux|stdin [--tmux tmux]

tmux: starts `racecheck play models/ticket.yaml --set clients=2` in a pseudo-terminal (a tmux
session of its own, 150x70), types keys and reads the screen (capture-pane):
  1. `l` (locks off), then the oversell 1 2 2 1 1 2 2 1 1 2 (the tutorial's 10-step
     counterexample): the violation, the explanation (the stale read) and "You needed 10 steps;
     the shortest counterexample has 10" appear;
  2. `u`: the violation goes, 9 steps; `h`: the hint is the one step left (client#1);
  3. `l` (locks on again): the prefix cannot run there (client#1 would have to read the count
     while client#0 holds the lock) and is cut; then every key the player can type: the lock
     refuses client#1 while client#0 holds it, `h` says no violation can be reached, and playing
     both clients to the end sells one ticket;
  4. `q`: racecheck exits 0 and the terminal is back in canonical mode with echo (stty);
  5. a second game, ended with Ctrl-C: exit 130 and the terminal restored too.
tmux-zh: the same game in Chinese (RACECHECK_LANG=zh, models/zh/ticket.yaml): every line the
  player reads is Chinese (the goal, the shared values with 'lock=空闲', 'can move', the keys, the
  answers to l, u, h, the lock's refusal, "你用了 10 步"), the columns stay aligned by display
  width, and no English sentence is left on any screen (ENGLISH below).
stdin: the same moves, one per line, on a pipe: the text screens, undo, the hint, the lock; and
  with --lang zh, the Chinese screens.
Exit 0 when everything holds; 77 when tmux is missing.
"""
import argparse, os, re, shutil, subprocess, sys, time, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
failures = []
OVERSELL = ['1', '2', '2', '1', '1', '2', '2', '1', '1', '2']


def check(cond, what, shown=None):
    print(('ok   ' if cond else 'FAIL ') + what)
    if not cond:
        failures.append(what)
        if shown is not None:
            print('---- screen ----\n' + shown + '\n----------------')


class Tmux:
    count = 0

    def __init__(self, tmux, command, ready='goal:', env=None):
        self.tmux = tmux
        Tmux.count += 1
        self.sock = f'racecheck-play-{os.getpid()}-{Tmux.count}'
        # The shell ignores SIGINT, so that Ctrl-C reaches racecheck alone and the shell can
        # report its exit code and the terminal's mode afterwards.
        script = (f"trap '' INT; {command}; echo EXIT=$?; stty -a | tr ' ' '\\n' | "
                  "grep -x -- '-*icanon\\|-*echo' | tr '\\n' ' '; echo; sleep 60")
        subprocess.run([tmux, '-L', self.sock, '-f', '/dev/null', 'new-session', '-d', '-x',
                        '150', '-y', '70', 'bash', '-c', script], cwd=ROOT, check=True,
                       env=dict(os.environ, NO_COLOR='1', TERM='xterm-256color', **(env or {})))
        self.wait_for(ready)

    def keys(self, *keys):
        for k in keys:
            subprocess.run([self.tmux, '-L', self.sock, 'send-keys', k], check=True)
            time.sleep(0.05)
        # Until the screen stops changing (racecheck redraws after each key).
        last, end = None, time.time() + 10
        while time.time() < end:
            time.sleep(0.2)
            now = self.screen()
            if now == last:
                break
            last = now

    def screen(self):
        return subprocess.run([self.tmux, '-L', self.sock, 'capture-pane', '-p'],
                              capture_output=True, text=True).stdout

    def wait_for(self, text, seconds=10):
        end = time.time() + seconds
        while time.time() < end:
            s = self.screen()
            if text in s:
                return s
            time.sleep(0.1)
        return self.screen()

    def close(self):
        subprocess.run([self.tmux, '-L', self.sock, 'kill-server'], capture_output=True)


def steps_taken(screen):
    m = re.search(r'steps taken: (\d+)', screen)
    return int(m.group(1)) if m else -1


# Words of the English screen that a Chinese one must not show (the model's own names and source
# lines stay as written: count, seen, sold, tickets, lock, acquire, print, client#0).
ENGLISH = re.compile(r'\b(goal|shared|steps?|taken|can|move|moves|keys?|hint|undo|restart|quit|'
                     r'locks|the|is|of|and|or|to|by|no|from|here|needed|checker|counterexample|'
                     r'schedule|waits|held|written|without|with|violated|finished|nothing|'
                     r'restarted|unknown|process|press|more|initial|state|read|sets|prints|'
                     r'invariant|line|after|breaks|make)\b')


def english_left(screen):
    """The English words on a screen, but those inside quotes (source lines, a typed 'bogus')."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"", '', screen)
    text = re.sub(r'\bL\d+ [^|]*?(?=  |\||$)', '', text, flags=re.M)  # source lines: L28 ...
    return sorted(set(ENGLISH.findall(text)))


def check_chinese(s, what):
    left = english_left(s)
    check(not left, f'{what}: no English left {left}', s)


def tmux_zh_mode(args):
    cmd = f'{args.racecheck} play models/zh/ticket.yaml --set clients=2'
    t = Tmux(args.tmux, cmd, ready='目标：', env={'RACECHECK_LANG': 'zh'})
    try:
        s = t.screen()
        check('按原样（有锁）' in s and '目标：让 2 个客户买到票，而票只有 1 张' in s and
              "破坏不变式 'no_oversell'" in s, 'zh: the screen names the variant and the goal', s)
        check('共享变量：count=1 sold=0 lock=空闲    已走步数：0' in s,
              'zh: the shared values (a free lock is 空闲) and the steps taken', s)
        check(re.search(r'\[1\] client#0 +L27 seen = count +可以走', s) is not None and
              re.search(r'\[2\] client#1 +L27 seen = count +可以走', s) is not None,
              'zh: a line per client, "can move" in Chinese', s)
        check('按键：' in s and 'h 提示 · q 退出' in s, 'zh: the keys line', s)
        check_chinese(s, 'zh: the first screen')
        t.keys('l')
        s = t.screen()
        check('现在玩的是去掉锁的模型；所有步都保留了' in s, 'zh: l: the locks are off', s)
        check_chinese(s, 'zh: l')
        t.keys(*OVERSELL)
        s = t.wait_for('你用了')
        check("违反：不变式 'no_oversell'" in s, 'zh: the oversell breaks no_oversell', s)
        check('你用了 10 步；检查器的反例有 10 步。' in s, 'zh: the steps needed', s)
        check('调度：client#0 client#1' in s, 'zh: the schedule line', s)
        check_chinese(s, 'zh: the violation and its explanation')
        # The table's right border is in one column on every row (display width, not bytes).
        borders = {width(line.rstrip()) for line in s.splitlines()
                   if line.startswith('+---') or line.startswith('| ')}
        check(len(borders) == 1, f'zh: the table is aligned by display width {borders}', s)
        t.keys('u')
        s = t.screen()
        check(steps_taken_zh(s) == 9 and '违反：' not in s, 'zh: u: one step undone', s)
        t.keys('h')
        s = t.screen()
        check("提示：client#1（1 步）会破坏不变式 'no_oversell'" in s, 'zh: h: the hint', s)
        check_chinese(s, 'zh: the hint')
        t.keys('l')
        s = t.screen()
        check('按原样（有锁）' in s and '在那里无法运行，已去掉' in s,
              'zh: l: the locks are on again, the moves that cannot run are dropped', s)
        t.keys('r')
        t.keys('1', '1', '1', '2', '2', '2')
        s = t.screen()
        check("client#1：在等 'lock'，它被 client#0 持有" in s, 'zh: the lock refuses client#1', s)
        check_chinese(s, 'zh: the refusal')
        t.keys('h')
        s = t.screen()
        check('提示：从这里出发，无法到达任何违反 — 是锁阻止了它' in s,
              'zh: h: no violation can be reached with the lock', s)
        check_chinese(s, 'zh: the hint with the lock')
        for _ in range(12):
            t.keys('1', '2')
        s = t.screen()
        check('（已结束）' in s and 'lock=空闲' in s, 'zh: both clients finish', s)
        check_chinese(s, 'zh: the end')
        t.keys('q')
        s = t.wait_for('EXIT=')
        check('EXIT=0' in s, 'zh: q: exit 0', s)
    finally:
        t.close()


def width(text):
    """Columns `text` takes on a terminal: East Asian wide and fullwidth characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in text)


def steps_taken_zh(screen):
    m = re.search(r'已走步数：(\d+)', screen)
    return int(m.group(1)) if m else -1


def tmux_mode(args):
    cmd = f'{args.racecheck} play models/ticket.yaml --set clients=2'
    t = Tmux(args.tmux, cmd)
    try:
        s = t.screen()
        check('as written (with locks)' in s and "goal: make 2 clients buy, with only 1 to sell" in s,
              'the screen names the variant and the goal', s)
        check(re.search(r'\[1\] client#0 +L28 seen = count +can move', s) is not None and
              re.search(r'\[2\] client#1 +L28 seen = count +can move', s) is not None,
              'a line per client with its next step', s)
        t.keys('l')
        s = t.screen()
        check('without locks' in s and 'every move was kept' in s, 'l: the locks are off', s)
        t.keys(*OVERSELL)
        s = t.wait_for('You needed')
        check("violated: invariant 'no_oversell'" in s, 'the oversell breaks no_oversell', s)
        check('based on its stale read' in s, 'the explanation appears', s)
        check("You needed 10 steps; the checker's counterexample has 10." in s,
              'the steps needed and the shortest counterexample', s)
        t.keys('u')
        s = t.screen()
        check(steps_taken(s) == 9 and 'violated:' not in s, 'u: one step undone', s)
        t.keys('h')
        s = t.screen()
        check("hint: client#1 (1 step) breaks invariant 'no_oversell'" in s, 'h: the hint', s)
        t.keys('l')
        s = t.screen()
        check('as written (with locks)' in s and 'could not run there and were dropped' in s,
              'l: the locks are on again, the moves that cannot run are dropped', s)
        t.keys('r')
        # Try the oversell with the lock: client#0 takes the lock after its print, so client#1
        # is refused at its acquire until client#0 releases it.
        t.keys('1', '1', '1', '2', '2', '2')
        s = t.screen()
        check("client#1 waits for 'lock', held by client#0" in s, 'the lock refuses client#1', s)
        t.keys('h')
        s = t.screen()
        check('hint: no violation can be reached from here — the lock prevents it' in s,
              'h: no violation can be reached with the lock', s)
        for _ in range(12):
            t.keys('1', '2')
        s = t.screen()
        check('violated' not in s and re.search(r'shared: count=0 sold=1 lock=free', s)
              is not None and '(finished)' in s, 'both clients finish: one ticket sold', s)
        t.keys('q')
        s = t.wait_for('EXIT=')
        check('EXIT=0' in s, 'q: exit 0', s)
        check(re.search(r'(^| )icanon echo', s, re.M) is not None,
              'the terminal is back in canonical mode with echo', s)
        check('racecheck play —' not in s, 'the alternate screen is left', s)
    finally:
        t.close()
    t = Tmux(args.tmux, cmd)
    try:
        t.keys('1', '2')
        t.keys('C-c')
        s = t.wait_for('EXIT=')
        check('EXIT=130' in s, 'Ctrl-C: exit 130', s)
        check(re.search(r'(^| )icanon echo', s, re.M) is not None,
              'Ctrl-C: the terminal is restored', s)
    finally:
        t.close()


def stdin_mode(args):
    def play(lines, *flags, model='models/ticket.yaml'):
        p = subprocess.run([args.racecheck, 'play', model, '--set', 'clients=2',
                            *flags], input=''.join(l + '\n' for l in lines), cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
        return p.returncode, p.stdout
    code, out = play(['client#0', 'client#1', 'client#1', 'client#0', 'client#0', 'client#1',
                      'client#1', 'client#0', 'client#0', 'client#1'], '--without-locks')
    check(code == 1, f'stdin: the oversell ends with exit 1 ({code})')
    check('\x1b[' not in out, 'stdin: no escape sequences')
    check(out.count('\n> ') == 10, 'stdin: a screen after each move')
    flat = out.replace('\n', ' ')
    check('based on its stale read' in flat and
          "You needed 10 steps; the checker's counterexample has 10." in out,
          'stdin: the explanation', out[-2000:])
    code, out = play(OVERSELL[:9] + ['u', 'h', 'q'], '--without-locks')
    last = out[out.rfind('\n> h'):]
    check(code == 0 and steps_taken(last) == 8, f'stdin: undo ({code})', last)
    check("hint: client#0 client#1 (2 steps) breaks" in last, 'stdin: the hint', last)
    code, out = play(['1', '1', '1', '2', '2', '2', 'h', 'bogus'])
    check("client#1 waits for 'lock', held by client#0" in out, 'stdin: the lock refuses')
    check('the lock prevents it' in out, 'stdin: the hint with the lock')
    check("unknown key or process 'bogus'" in out, 'stdin: an unknown move is said')
    code, out = play(['l', 'q'])
    check('now playing the model without locks' in out, 'stdin: l switches the variant')
    p = subprocess.run([args.racecheck, 'play', 'models/nosuch.yaml'], cwd=ROOT,
                       capture_output=True, text=True, input='')
    check(p.returncode == 2 and 'nosuch.yaml' in p.stderr, 'stdin: a missing model: exit 2')
    # --lang zh: the screens and every answer in Chinese.
    code, out = play(['1', '1', '1', '2', '2', '2', 'h', 'bogus', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
                      'r', 'l', 'l', 'q'], '--lang', 'zh', model='models/zh/ticket.yaml')
    check("client#1：在等 'lock'，它被 client#0 持有" in out, 'stdin zh: the lock refuses')
    check('是锁阻止了它' in out, 'stdin zh: the hint with the lock')
    check("未知的键或进程 'bogus'" in out, 'stdin zh: an unknown move is said')
    check('没有可以撤销的步' in out and '已重来' in out, 'stdin zh: nothing to undo, restarted')
    check('现在玩的是去掉锁的模型' in out and '现在玩的是按原样（有锁）的模型' in out,
          'stdin zh: l both ways')
    check('（还没有走任何一步：按一个进程的键）' in out, 'stdin zh: before the first move')
    left = english_left(out.replace('racecheck play', ''))
    check(not left, f'stdin zh: no English left {left}', out[-3000:])
    p = subprocess.run([args.racecheck, 'play', 'models/ticket.yaml', '--lang', 'fr'], cwd=ROOT,
                       capture_output=True, text=True, input='')
    check(p.returncode == 2 and 'en, zh' in p.stderr, 'stdin: --lang fr is refused')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--racecheck', required=True)
    ap.add_argument('--mode', choices=['tmux', 'tmux-zh', 'stdin'], required=True)
    ap.add_argument('--tmux', default='tmux')
    args = ap.parse_args()
    args.racecheck = os.path.abspath(args.racecheck)
    if args.mode in ('tmux', 'tmux-zh'):
        if not shutil.which(args.tmux):
            print(f'skipped: {args.tmux} is not installed (run tools/install-deps.sh)')
            return 77
        (tmux_mode if args.mode == 'tmux' else tmux_zh_mode)(args)
    else:
        stdin_mode(args)
    if failures:
        print(f'{len(failures)} check(s) failed')
        return 1
    print('all checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env python3
"""`--format html` as a person sees it: the ticket report rendered by headless Chromium.

    html_report_test.py --racecheck BUILD/racecheck [--chromium chromium]

For `racecheck models/ticket.yaml` (100 clients) and the same with `--set clients=2`, and for a
replay of the oversell: renders the page to a PNG and checks that it is not blank (many distinct
colours, a good share of non-white pixels; the PNG is decoded here, with zlib alone), then reads
the DOM after the page's script ran (`--dump-dom`) and checks it: one lane per process that moved,
one step per schedule entry, the step the slider is on marked by the script, a stale-read arrow
from client#1's read of count (step 6) to client#0's write (step 9), and the removed lock's bars.

The expected figures are the hand-derived ones of the tutorial (the shortest oversell: each of two
clients takes its five steps, seen = count, print, c = count, if, the atomic write: 10 steps,
2 lanes) and are checked against the report's own JSON too. Exit 0 when everything holds.
"""
import argparse, json, os, re, shutil, struct, subprocess, sys, tempfile, zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
failures = []


def check(cond, what):
    print(('ok   ' if cond else 'FAIL ') + what)
    if not cond:
        failures.append(what)


def png_pixels(path):
    """(width, height, rows of bytes, bytes per pixel) of an 8-bit, non-interlaced PNG."""
    data = open(path, 'rb').read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    at, idat, ihdr = 8, b'', None
    while at < len(data):
        n, kind = struct.unpack('>I4s', data[at:at + 8])
        body = data[at + 8:at + 8 + n]
        if kind == b'IHDR':
            ihdr = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat += body
        at += 12 + n
    w, h, depth, ctype, _, _, interlace = ihdr
    assert depth == 8 and interlace == 0 and ctype in (2, 6), f'unexpected PNG kind {ihdr}'
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, pos = [], bytearray(stride), 0
    for _ in range(h):
        f = raw[pos]
        line = bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, rows, bpp


def chromium(args, tmp, *extra):
    cmd = [args.chromium, '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars',
           '--no-first-run', '--user-data-dir=' + os.path.join(tmp, 'profile'), *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def render(args, tmp, name, page, ink_share=20):
    """Screenshot and DOM of `page`; at least 1/ink_share of the screenshot is not white."""
    html = os.path.join(tmp, name + '.html')
    open(html, 'w').write(page)
    png = os.path.join(tmp, name + '.png')
    chromium(args, tmp, '--window-size=1000,1400', '--screenshot=' + png, 'file://' + html)
    check(os.path.exists(png), f'{name}: chromium wrote a screenshot')
    if os.path.exists(png):
        w, h, rows, bpp = png_pixels(png)
        colours, ink = set(), 0
        for r in rows[::2]:
            for x in range(0, w * bpp, 2 * bpp):
                px = r[x:x + 3]
                colours.add(px)
                ink += px != b'\xff\xff\xff'
        total = len(rows[::2]) * len(range(0, w * bpp, 2 * bpp))
        check(len(colours) >= 50, f'{name}: the screenshot has many colours ({len(colours)})')
        check(ink > total // ink_share, f'{name}: it is not blank ({100 * ink // total}% not white)')
    dom = chromium(args, tmp, '--dump-dom', 'file://' + html).stdout
    check('</html>' in dom, f'{name}: --dump-dom gave the page')
    return dom


def racecheck(args, *cmd):
    p = subprocess.run([args.racecheck, *cmd], cwd=ROOT, capture_output=True, text=True,
                       timeout=300)
    return p.returncode, p.stdout


def r_class(row):
    """The class of a placement row's verdict cell."""
    m = re.search(r'<td class="(verdict-[a-z]+)"', row)
    return m.group(1) if m else ''


def check_timeline(name, dom, lanes, steps):
    found_lanes = re.findall(r'<g class="lane" data-process="([^"]+)"', dom)
    check(found_lanes == lanes, f'{name}: one lane per process that moved {found_lanes}')
    found_steps = re.findall(r'<g class="step[^"]*" data-step="(\d+)"', dom)
    check([int(s) for s in found_steps] == list(range(1, steps + 1)),
          f'{name}: {steps} steps, in order ({len(found_steps)} found)')
    check(re.search(r'class="timeline" id="t0" data-steps="%d"' % steps, dom) is not None,
          f'{name}: the timeline says {steps} steps')
    current = re.findall(r'<g class="step[^"]*\bcurrent\b[^"]*" data-step="(\d+)"', dom)
    check(current == [str(steps)], f'{name}: the script marked the last step current {current}')
    check(re.search(r'class="now">after step %d of %d: count=0 sold=2<' % (steps, steps), dom)
          is not None, f'{name}: the script shows the shared values after the last step')
    stale = re.findall(r'<path class="stale[^"]*" data-from="(\d+)" data-to="(\d+)" '
                       r'data-field="count"', dom)
    check(stale == [('6', '9')], f'{name}: a stale-read arrow from step 6 to step 9 {stale}')


# Headings and labels of the English pages that a Chinese page must not show.
ENGLISH_HEADINGS = re.compile(r'\b(Verdicts|Properties|Reductions|Notes|Outcomes|What happened|'
                              r'steps?|as written|without locks|with locks|invariant|line|'
                              r'verdict|states|transitions|terminal|depth|schedules|least time|'
                              r'search|trials|violating|crashed|explained|predicted|time)\b')


def headings(dom):
    """The texts of the page's headings and table headings, tags removed."""
    found = re.findall(r'<(h[1-3]|th|label|b)\b[^>]*>(.*?)</\1>', dom, re.S)
    return [re.sub(r'<[^>]+>', '', text) for _, text in found]


def check_chinese_pages(args, tmp):
    """--lang zh (and RACECHECK_LANG=zh): the check, replay and run pages in Chinese."""
    code, page = racecheck(args, 'models/zh/ticket.yaml', '--set', 'clients=2', '--format', 'html',
                           '--lang', 'zh')
    check(code == 0, f'check-zh: exit code 0 ({code})')
    dom = render(args, tmp, 'check-zh', page)
    check('<html lang="zh-CN">' in dom, 'check-zh: <html lang="zh-CN">')
    heads = headings(dom)
    for h in ['判定', '性质', '约简（按原样）', '约简（去掉锁）', '发生了什么', '按原样（有锁）', '去掉锁',
              '状态数', '迁移数', '调度数', '最少用时', '搜索', '步骤']:
        check(h in heads, f'check-zh: the heading {h}')
    check(any(h.startswith('去掉锁：不变式') and h.endswith('— 10 步') for h in heads),
          f'check-zh: the counterexample\'s heading {heads}')
    english = [h for h in heads if ENGLISH_HEADINGS.search(h)]
    check(not english, f'check-zh: no English heading left {english}')
    check('逐步查看调度' in dom and '持有锁（虚线' in dom and '被另一个进程的写入弄过时的读取' in dom,
          'check-zh: the legend')
    check(re.search(r'class="now">第 10 步之后（共 10 步）：count=0 sold=2<', dom) is not None,
          'check-zh: the script shows "after step 10 of 10" in Chinese')
    check('成立' in dom and '违反：no_oversell' in dom, 'check-zh: both verdicts')
    check_timeline_shape('check-zh', dom, ['client#0', 'client#1'], 10)
    # A replay with the lock: a free lock is 空闲 in the state column.
    env = dict(os.environ, RACECHECK_LANG='zh')
    p = subprocess.run([args.racecheck, 'replay', 'models/zh/ticket.yaml', '--set', 'clients=2',
                        '--schedule', 'client#0 client#0 client#0 client#1 client#1', '--format',
                        'html'], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    dom = render(args, tmp, 'replay-zh', p.stdout)
    check('<html lang="zh-CN">' in dom, 'replay-zh: RACECHECK_LANG=zh gives lang="zh-CN"')
    check('data-initial="count=1 sold=0 lock=空闲"' in dom and 'lock=free' not in dom,
          'replay-zh: a free lock is 空闲')
    check('这个调度没有违反任何性质' in dom, 'replay-zh: no violation, in Chinese')
    english = [h for h in headings(dom) if ENGLISH_HEADINGS.search(h)]
    check(not english, f'replay-zh: no English heading left {english}')
    code, page = racecheck(args, 'run', 'models/zh/ticket.yaml', '--set', 'clients=2', '--trials',
                           '2', '--format', 'html', '--lang', 'zh')
    dom = render(args, tmp, 'run-zh', page, ink_share=30)  # Chinese is shorter
    heads = headings(dom)
    check('<html lang="zh-CN">' in dom and '试验次数' in heads and '结果：按原样' in heads and
          '结果：去掉锁' in heads, f'run-zh: the run page in Chinese {heads}')
    english = [h for h in heads if ENGLISH_HEADINGS.search(h)]
    check(not english, f'run-zh: no English heading left {english}')
    # The English page stays English.
    _, page = racecheck(args, 'models/ticket.yaml', '--set', 'clients=2', '--format', 'html')
    check('<html lang="en">' in page and '<h2>Verdicts</h2>' in page, 'check: English by default')


def check_timeline_shape(name, dom, lanes, steps):
    found_lanes = re.findall(r'<g class="lane" data-process="([^"]+)"', dom)
    check(found_lanes == lanes, f'{name}: one lane per process that moved {found_lanes}')
    found_steps = re.findall(r'<g class="step[^"]*" data-step="(\d+)"', dom)
    check(len(found_steps) == steps, f'{name}: {steps} steps ({len(found_steps)} found)')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--racecheck', required=True)
    ap.add_argument('--chromium', default='chromium')
    args = ap.parse_args()
    if not shutil.which(args.chromium):
        print(f'skipped: {args.chromium} is not installed (run tools/install-deps.sh)')
        return 77
    with tempfile.TemporaryDirectory(prefix='racecheck-browser-') as tmp:
        for sets in ([], ['--set', 'clients=2']):
            name = 'check' + ''.join('-' + s for s in sets[1:])
            code, page = racecheck(args, 'models/ticket.yaml', *sets, '--format', 'html')
            check(code == 0, f'{name}: exit code 0 (the model as written holds)')
            check('http://' not in page.replace('http://www.w3.org/2000/svg', '') and
                  'https://' not in page and '<link' not in page and ' src=' not in page,
                  f'{name}: the page loads nothing from the network')
            _, doc = racecheck(args, 'models/ticket.yaml', *sets, '--format', 'json')
            cx = json.loads(doc)['variants'][1]['violations'][0]
            schedule = cx['schedule'].split()
            check(len(schedule) == 10, f'{name}: the report\'s counterexample has 10 steps')
            lanes = sorted(set(schedule), key=lambda p: int(p.split('#')[1]))
            check(lanes == ['client#0', 'client#1'], f'{name}: two clients move')
            dom = render(args, tmp, name, page)
            check_timeline(name, dom, lanes, len(schedule))
            check(re.search(r'<td class="verdict verdict-holds">holds</td>', dom) is not None and
                  'VIOLATED: no_oversell' in dom, f'{name}: both verdicts')
            bars = re.findall(r'<rect class="lock-bar removed" data-lock="lock" '
                              r'data-process="([^"]+)" data-first="(\d+)"', dom)
            check(bars == [('client#0', '5'), ('client#1', '4')],
                  f'{name}: where the removed lock would be held {bars}')
        schedule = 'client#0 client#1 client#1 client#0 client#0 client#1 client#1 client#0 ' \
                   'client#0 client#1'
        code, page = racecheck(args, 'replay', 'models/ticket.yaml', '--set', 'clients=2',
                               '--without-locks', '--schedule', schedule, '--format', 'html')
        check(code == 1, 'replay: exit code 1 (the schedule oversells)')
        dom = render(args, tmp, 'replay', page)
        check_timeline('replay', dom, ['client#0', 'client#1'], 10)
        # With the lock: client#1 cannot read count while client#0 holds it.
        code, page = racecheck(args, 'replay', 'models/ticket.yaml', '--set', 'clients=2',
                               '--schedule', 'client#0 client#0 client#0 client#1 client#1 '
                               'client#0 client#0 client#0', '--format', 'html')
        dom = render(args, tmp, 'replay-locked', page)
        bars = re.findall(r'<rect class="lock-bar" data-lock="lock" data-process="([^"]+)" '
                          r'data-first="(\d+)" data-last="(\d+)"', dom)
        check(bars == [('client#0', '3', '8')], f'replay-locked: client#0 holds the lock {bars}')
        # A real run: the outcome histogram of both variants.
        code, page = racecheck(args, 'run', 'models/ticket.yaml', '--set', 'clients=2',
                               '--trials', '2', '--format', 'html')
        check(code == 0, f'run: exit code 0 ({code})')
        dom = render(args, tmp, 'run', page)
        outcomes = re.findall(r'<g class="outcome" data-outcome="([^"]+)" data-count="(\d+)"', dom)
        check(sum(int(c) for _, c in outcomes) == 4, f'run: 2 trials of each variant {outcomes}')
        check(('count=0 sold=1', '2') in outcomes, 'run: with the lock, one ticket sold each time')
        # racecheck locks: the placement table, as the browser shows it. At 3 clients (the CLI
        # test derives it): the model as written, no lock, and 10 regions; 4 rows hold (as
        # written, L28-L35, L29-L35, L33-L35), at 0.5 s each; the lock around L35 alone 0.7 s.
        code, page = racecheck(args, 'locks', 'models/ticket.yaml', '--set', 'clients=3',
                               '--format', 'html')
        check(code == 0, f'locks: exit code 0 ({code})')
        dom = render(args, tmp, 'locks', page)
        rows = re.findall(r'<tr class="placement">(.*?)</tr>', dom, re.S)
        check(len(rows) == 12, f'locks: 12 placements ({len(rows)})')
        cells = [re.findall(r'<td[^>]*>(.*?)</td>', r, re.S) for r in rows]
        holds = [c for r, c in zip(rows, cells) if r_class(r) == 'verdict-holds']
        check(len(holds) == 4, f'locks: 4 placements hold ({len(holds)})')
        check(all(c[5] == '0.5 s' for c in holds), f'locks: each that holds takes 0.5 s {holds}')
        check(sum(1 for c in cells if c[5] == '0.7 s') == 1, 'locks: one placement takes 0.7 s')
        check(any('smallest safe' in c[7] for c in holds), 'locks: the smallest safe is marked')
        check_chinese_pages(args, tmp)
    if failures:
        print(f'{len(failures)} check(s) failed')
        return 1
    print('all checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())

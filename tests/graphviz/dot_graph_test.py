#!/usr/bin/env python3
"""`--format dot` as a person uses it: the ticket's state graph drawn by Graphviz.

    dot_graph_test.py --racecheck BUILD/racecheck [--dot dot]

Renders `racecheck models/ticket.yaml --set clients=2 --format dot` with `dot -Tsvg` and counts
the SVG's nodes, edges and clusters against the figures derived by hand in
tests/golden/cli/ticket.md (every reduction on, N = 2 clients):

- as written: states (N+1)(N+2)/2 + N(N+1) + N = 6 + 6 + 2 = 14; transitions 2N^2 + 4N - 1 = 15;
- without locks, every state (the drawing explores all of them): a state is the multiset of the
  two clients' local states (A before `seen = count`, B before `c = count`, C holding c = 1, D
  done) and `sold`. sold = 0: AA AB AC BB BC CC (6); sold = 1: DA DB DC DD (4); sold = 2: DD (1):
  11 states. Transitions, one per distinct local state that can move (symmetry; no step runs
  alone): AA 1, AB 2, AC 2, BB 1, BC 2, CC 1, DA 1, DB 1, DC 1, DD 0, DD 0: 12. One state
  violates no_oversell (sold = 2); the counterexample's path to it is AA -> AB -> BB -> BC ->
  CC -> DC -> DD (sold = 2): 6 fused transitions, drawn thick red.

With --lang zh the same graph has its titles, verdicts, a free lock and "done" in Chinese.
Also: the report's JSON with `--all` gives the same numbers; a model too large to draw (the
default 100 clients) is refused with exit 2 and a message; `replay --format dot` is refused.
Exit 0 when everything holds; 77 when Graphviz is not installed.
"""
import argparse, json, os, re, shutil, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
failures = []


def check(cond, what):
    print(('ok   ' if cond else 'FAIL ') + what)
    if not cond:
        failures.append(what)


def run(cmd, stdin=None):
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, input=stdin, timeout=300)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--racecheck', required=True)
    ap.add_argument('--dot', default='dot')
    args = ap.parse_args()
    if not shutil.which(args.dot):
        print(f'skipped: {args.dot} is not installed (run tools/install-deps.sh)')
        return 77
    rc = args.racecheck
    p = run([rc, 'models/ticket.yaml', '--set', 'clients=2', '--format', 'dot'])
    check(p.returncode == 0, f'check --format dot: exit 0 ({p.returncode}) {p.stderr}')
    svg = run([args.dot, '-Tsvg'], stdin=p.stdout)
    check(svg.returncode == 0 and '<svg' in svg.stdout, f'dot -Tsvg draws it {svg.stderr}')
    s = svg.stdout
    clusters = re.findall(r'<g id="clust\d+" class="cluster">\s*<title>([^<]*)</title>', s)
    check(clusters == ['cluster_0', 'cluster_1'], f'two clusters {clusters}')
    nodes = re.findall(r'<g id="node\d+" class="node">\s*<title>([^<]*)</title>', s)
    edges = re.findall(r'<g id="edge\d+" class="edge">\s*<title>([^<]*)</title>', s)
    v0 = [n for n in nodes if n.startswith('v0_s')]
    v1 = [n for n in nodes if n.startswith('v1_s')]
    check(len(v0) == 14, f'as written: 14 states by hand ({len(v0)} nodes)')
    check(len(v1) == 11, f'without locks: 11 states by hand ({len(v1)} nodes)')
    check(len(nodes) == 25, f'no other node ({len(nodes)})')
    e0 = [e for e in edges if e.startswith('v0_')]
    e1 = [e for e in edges if e.startswith('v1_')]
    check(len(e0) == 15, f'as written: 15 transitions by hand ({len(e0)} edges)')
    check(len(e1) == 12, f'without locks: 12 transitions by hand ({len(e1)} edges)')
    check('as written: holds — 14 states, 15 transitions' in s, 'the cluster says the figures')
    bad = re.findall(r'✗ no_oversell', s)
    check(len(bad) == 1, f'one state violates no_oversell ({len(bad)})')
    path = re.findall(r'<path fill="none" stroke="#d93025" stroke-width="3"', s)
    check(len(path) == 6, f'the counterexample path: 6 fused transitions ({len(path)})')
    # --lang zh: the same graph, its titles and "done" in Chinese (the model's names stay its own).
    p = run([rc, 'models/ticket.yaml', '--set', 'clients=2', '--format', 'dot', '--lang', 'zh'])
    z = run([args.dot, '-Tsvg'], stdin=p.stdout).stdout
    check(len(re.findall(r'class="node"', z)) == 25 and len(re.findall(r'class="edge"', z)) == 27,
          'zh: the same 25 nodes and 27 edges')
    for text in ['ticket（clients=2 tickets=1）：有锁与去掉锁时的可达状态',
                 '按原样：成立 — 14 个状态，15 条迁移',
                 '去掉锁：违反：no_oversell — 11 个状态，12 条迁移', 'lock=空闲', '已结束']:
        check(text in z, f'zh: the drawing says {text}')
    english = [w for w in ['reachable', 'as written', 'holds', 'VIOLATED', 'states,', 'free',
                           'done'] if w in z]
    check(not english, f'zh: no English word left {english}')
    # The report's own figures, searching everything as the drawing does.
    j = json.loads(run([rc, 'models/ticket.yaml', '--set', 'clients=2', '--all', '--format',
                        'json']).stdout)
    figures = [(v['states'], v['transitions']) for v in j['variants']]
    check(figures == [(14, 15), (11, 12)], f'the JSON report agrees {figures}')
    # Without reductions: the plain graph, as large as the report says.
    p = run([rc, 'models/ticket.yaml', '--set', 'clients=2', '--no-reduce', '--format', 'dot'])
    j = json.loads(run([rc, 'models/ticket.yaml', '--set', 'clients=2', '--no-reduce', '--all',
                        '--format', 'json']).stdout)
    s = run([args.dot, '-Tsvg'], stdin=p.stdout).stdout
    nodes = len(re.findall(r'class="node"', s))
    edges = len(re.findall(r'class="edge"', s))
    want = sum(v['states'] for v in j['variants']), sum(v['transitions'] for v in j['variants'])
    check((nodes, edges) == want, f'--no-reduce: the plain graph, {want} ({nodes}, {edges})')
    # Too large to draw.
    p = run([rc, 'models/ticket.yaml', '--format', 'dot'])
    check(p.returncode == 2 and p.stdout == '' and 'more than 2,000 states' in p.stderr,
          f'100 clients: refused ({p.returncode}) {p.stderr.strip()}')
    p = run([rc, 'replay', 'models/ticket.yaml', '--schedule', 'client#0', '--format', 'dot'])
    check(p.returncode == 2 and 'dot not in' in p.stderr, 'replay: no dot format')
    if failures:
        print(f'{len(failures)} check(s) failed')
        return 1
    print('all checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())

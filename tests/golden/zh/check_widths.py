#!/usr/bin/env python3
"""Checks, independently of racecheck's own width code (utf8proc), that its tables stay aligned
when cells hold wide characters: Chinese prints (models/zh/ticket.yaml), Chinese headings
(--lang zh), or both.

A character's width is computed here from Python's unicodedata: 2 for East Asian Wide and
Fullwidth, 0 for combining marks, else 1. Then:
  - counterexample tables: every line that starts with '+' or '|' in one table has the same
    display width, and the '|' separators of each row stand at the same display columns as the
    '+' corners of the rules;
  - the summary table of a check report: the columns (separated by runs of 3+ spaces) start at
    the same display column in every row that fills them.

    check_widths.py --racecheck BUILD/racecheck [--self-test]
"""
import argparse, os, re, subprocess, sys, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

COMMANDS = [
    ['models/zh/ticket.yaml', '--lang', 'zh'],
    ['models/zh/ticket.yaml'],
    ['models/zh/ticket.yaml', '--lang', 'zh', '--set', 'clients=3', '--set', 'tickets=2', '--all'],
    ['models/ticket.yaml', '--lang', 'zh'],
    ['models/print_race.yaml', '--lang', 'zh'],
    ['models/pool.yaml', '--lang', 'zh'],
    ['models/deadlock.yaml', '--lang', 'zh'],
    ['models/counter.yaml', '--lang', 'zh'],
    ['replay', 'models/zh/ticket.yaml', '--lang', 'zh', '--schedule',
     'client#0 client#0 client#0 client#1 client#1 client#1'],
]

def width(s):
    w = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ('W', 'F') else 1
    return w

def columns_of(line, ch):
    """Display columns at which `ch` stands in `line`."""
    cols, w = [], 0
    for c in line:
        if c == ch:
            cols.append(w)
        w += width(c)
    return cols

def check_trace_tables(text, where):
    errors = []
    tables, cur = [], []
    for line in text.split('\n'):
        if line.startswith('+') or line.startswith('|'):
            cur.append(line)
        elif cur:
            tables.append(cur)
            cur = []
    if cur:
        tables.append(cur)
    for t in tables:
        corners = columns_of(t[0], '+')
        for line in t:
            if width(line) != width(t[0]):
                errors.append(f'{where}: row width {width(line)} != {width(t[0])}: {line!r}')
            marks = columns_of(line, '+' if line.startswith('+') else '|')
            # A '|' may also appear inside a cell's text; the separators must include the corners.
            if not set(corners) <= set(marks):
                errors.append(f'{where}: separators {marks} miss corners {corners}: {line!r}')
    return tables, errors

def check_summary(text, where):
    """The rows between the 'properties' block and the blank line after the summary table."""
    errors = []
    lines = text.split('\n')
    rows = []
    for i, line in enumerate(lines):
        if line == '' and i + 1 < len(lines) and lines[i + 1].startswith('  ') and \
                not lines[i + 1].startswith('  ('):
            j = i + 1
            while j < len(lines) and lines[j].strip():
                rows.append(lines[j])
                j += 1
            break
    if not rows:
        return 0, []
    # The header row has an empty label: its cells start where the others' second field does.
    starts = []
    for r in rows:
        fields = [(m.start(), m.group()) for m in re.finditer(r'\S+(?: {1,2}\S+)*', r)]
        starts.append([width(r[:pos]) for pos, _ in fields])
    header, body = starts[0], starts[1:]
    for r, s in zip(rows[1:], body):
        # A sub-row (what the row above breaks down: "  violate P", "  at random") is
        # indented by two more columns.
        if s[0] not in (2, 4):
            errors.append(f'{where}: label not at column 2 (or 4, a sub-row): {r!r}')
        if s[1:] != header[:len(s) - 1]:
            errors.append(f'{where}: columns at {s[1:]}, the header\'s at {header}: {r!r}')
    return len(rows), errors

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--racecheck', required=True)
    ap.add_argument('--self-test', action='store_true',
                    help='also show that a table padded by code points fails the check')
    args = ap.parse_args()
    assert width('剩余票数') == 8 and width('a\u0301') == 1 and width('（') == 2
    env = dict(os.environ)
    env.pop('RACECHECK_LANG', None)
    errors, tables, summaries, wide = [], 0, 0, 0
    for cmd in COMMANDS:
        p = subprocess.run([args.racecheck] + cmd, cwd=ROOT, capture_output=True, text=True,
                           env=env)
        where = 'racecheck ' + ' '.join(cmd)
        if p.returncode not in (0, 1, 2):
            errors.append(f'{where}: exit {p.returncode}: {p.stderr}')
            continue
        ts, es = check_trace_tables(p.stdout, where)
        errors += es
        tables += len(ts)
        wide += sum(1 for t in ts for line in t if width(line) != len(line))
        if cmd[0] != 'replay':
            n, es = check_summary(p.stdout, where)
            errors += es
            summaries += 1 if n else 0
    if args.self_test:
        # Cells padded by code points, as racecheck did before: '剩余票数1' counts 5, not 9.
        cells = ['L29 print', '打印 "剩余票数1"']
        w = max(len(c) for c in cells)
        rule = '+' + '-' * (w + 2) + '+'
        bad = [rule] + ['| ' + c + ' ' * (w - len(c)) + ' |' for c in cells] + [rule]
        _, es = check_trace_tables('\n'.join(bad), 'self-test')
        if not es:
            errors.append('self-test: a table padded by code points passed the check')
    for e in errors:
        print(e, file=sys.stderr)
    print(f'{tables} tables ({wide} rows with wide characters), {summaries} summary tables checked')
    if wide == 0:
        print('no row with wide characters was checked', file=sys.stderr)
        return 1
    return 1 if errors else 0

if __name__ == '__main__':
    sys.exit(main())

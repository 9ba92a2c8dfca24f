#!/usr/bin/env python3
"""Regenerates docs/*.md from docs/src/*.md.in, so every output shown in the docs is real.

    tools/gen_docs.py                 every template (racecheck from build/, or $RACECHECK_BIN_DIR),
                                      docs/src/*.md.in and each language's docs/src/<lang>/*.md.in
    tools/gen_docs.py SRC.md.in DST   one template

A template is Markdown plus two directives, each on a line of its own:
  @@yaml PATH [A-B]          the file PATH (repo-relative), optionally only lines A-B
  @@run [opts] -- CMD        CMD run by bash in the repo root, shown with its output

opts: lines=A-B,C-$  keep only those output lines (1-based), mark the gaps
      exit           append `$ echo $?` and the exit code
      errfirst       show stderr before stdout (default: stdout then stderr)
      noerr          drop stderr
      skiphead       drop the output up to its first blank line
      from=RE until=RE   keep only the lines from the first match of RE / up to one
      noreduct       trim the reductions block of a check report
      cutN=RE1~RE2   replace the lines from a match of RE1 up to one of RE2 by a "trimmed" mark
      expect=N       report a MISMATCH (stderr) if the exit code is not N
      sh             show the command exactly as written (default too)
"""
import os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.abspath(os.environ.get('RACECHECK_BIN_DIR', os.path.join(ROOT, 'build')))

def keep_lines(text, spec):
    lines = text.split('\n')
    if lines and lines[-1] == '':
        lines = lines[:-1]
    n = len(lines)
    keep = []
    for part in spec.split(','):
        a, b = part.split('-')
        a = int(a)
        b = n if b == '$' else int(b)
        keep.append((a, min(b, n)))
    out = []
    pos = 1
    for a, b in keep:
        if a > pos:
            k = a - pos
            out.append(f'[... {k} line{"s" if k != 1 else ""} trimmed ...]')
        out.extend(lines[a - 1:b])
        pos = b + 1
    if pos <= n:
        k = n - pos + 1
        out.append(f'[... {k} line{"s" if k != 1 else ""} trimmed ...]')
    return '\n'.join(out) + '\n'

def run(opts, cmd, errors):
    env = dict(os.environ)
    env['PATH'] = BIN + ':' + env['PATH']
    env['COLUMNS'] = '200'
    env.pop('RACECHECK_LANG', None)  # each page says its language with --lang
    p = subprocess.run(['bash', '-c', cmd], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=600)
    out, err = p.stdout, p.stderr
    if 'noerr' in opts:
        err = ''
    text = (err + out) if 'errfirst' in opts else (out + err)
    if 'skiphead' in opts or 'until' in opts or 'from' in opts:
        lines = text.split('\n')
        if lines and lines[-1] == '':
            lines = lines[:-1]
        a, b = 1, len(lines)
        if 'skiphead' in opts and '' in lines:
            a = lines.index('') + 2
        if 'from' in opts:
            for i in range(a - 1, len(lines)):
                if re.search(opts['from'], lines[i]):
                    a = i + 1
                    break
        if 'until' in opts:
            for i in range(a - 1, len(lines)):
                if re.search(opts['until'], lines[i]):
                    b = i + 1
                    break
        text = keep_lines(text, f'{a}-{b}')
    if 'lines' in opts:
        text = keep_lines(text, opts['lines'])
    if 'noreduct' in opts:
        opts['cut0'] = r'^\s+(\(states: how many the search stored|（状态数：)~^(==|conclusion|结论)'
    for key in sorted(k for k in opts if k.startswith('cut')):
        a_re, b_re = opts[key].split('~')
        lines = text.split('\n')
        a = next((i for i, l in enumerate(lines) if re.search(a_re, l)), None)
        if a is None:
            errors.append(f'{cmd}: no line matches {a_re}')
            continue
        b = next((i for i in range(a + 1, len(lines)) if re.search(b_re, lines[i])), len(lines))
        k = b - a
        indent = re.match(r'\s*', lines[a]).group(0)
        lines[a:b] = [f'{indent}[... {k} lines trimmed ...]']
        text = '\n'.join(lines)
    if not text.endswith('\n') and text:
        text += '\n'
    shown = '$ ' + cmd + '\n' + text
    if 'exit' in opts:
        shown += '$ echo $?\n' + str(p.returncode) + '\n'
    if 'expect' in opts and str(p.returncode) != opts['expect']:
        errors.append(f'{cmd}: exit {p.returncode}, expected {opts["expect"]}')
    return '```\n' + shown + '```\n'

def main(src, dst):
    errors = []
    out = []
    for line in open(src, encoding='utf-8'):
        if line.startswith('@@yaml '):
            parts = line.split()
            path = parts[1]
            text = open(os.path.join(ROOT, path), encoding='utf-8').read()
            if len(parts) > 2:
                text = keep_lines(text, parts[2])
            out.append('```yaml\n' + text + ('' if text.endswith('\n') else '\n') + '```\n')
        elif line.startswith('@@run '):
            head, cmd = line[len('@@run '):].rstrip('\n').split('-- ', 1)
            opts = {}
            for o in head.split():
                k, _, v = o.partition('=')
                opts[k] = v
            out.append(run(opts, cmd, errors))
        else:
            out.append(line)
    text = ''.join(out).replace('```\n```', '```\n\n```')
    rel = os.path.relpath(src, ROOT)
    text = (f'<!-- Generated from {rel} by tools/gen_docs.py, with real output: edit the '
            'template, not this file. -->\n' + text)
    open(dst, 'w', encoding='utf-8').write(text)
    for e in errors:
        print('MISMATCH', e, file=sys.stderr)

if __name__ == '__main__':
    if len(sys.argv) == 3:
        main(sys.argv[1], sys.argv[2])
    else:
        # docs/src/X.md.in -> docs/X.md; a language's folder, docs/src/zh/X.md.in -> docs/zh/X.md.
        src_root = os.path.join(ROOT, 'docs', 'src')
        for sub in [''] + sorted(d for d in os.listdir(src_root)
                                 if os.path.isdir(os.path.join(src_root, d))):
            src_dir = os.path.join(src_root, sub)
            dst_dir = os.path.join(ROOT, 'docs', sub)
            os.makedirs(dst_dir, exist_ok=True)
            for name in sorted(os.listdir(src_dir)):
                if name.endswith('.md.in'):
                    main(os.path.join(src_dir, name), os.path.join(dst_dir, name[:-3]))

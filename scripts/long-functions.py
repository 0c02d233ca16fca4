#!/usr/bin/env python3
"""Lists Swift functions (and initialisers) longer than a limit, longest first.

    python3 scripts/long-functions.py [--limit 60] [paths...]   (default: Sources)

Length is counted from the line of `func`/`init` to its closing brace. Braces inside string literals
and comments are ignored; multi-line string literals are skipped whole.
"""
import argparse
import os
import re
import sys

DECL = re.compile(r'^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|private|fileprivate|static|'
                  r'mutating|nonmutating|override|final|class|convenience|required|nonisolated)\s+)*'
                  r'(func\s+[^\s(<]+|init[?!]?)\s*[(<]')


def strip(line, in_multiline):
    """The line without string literals and comments; whether a multi-line string is still open."""
    out = []
    i = 0
    while i < len(line):
        if in_multiline:
            end = line.find('"""', i)
            if end < 0:
                return ''.join(out), True
            i = end + 3
            in_multiline = False
            continue
        if line.startswith('"""', i):
            in_multiline = True
            i += 3
            continue
        if line.startswith('//', i):
            break
        if line[i] == '"':
            i += 1
            while i < len(line) and line[i] != '"':
                i += 2 if line[i] == '\\' else 1
            i += 1
            continue
        out.append(line[i])
        i += 1
    return ''.join(out), in_multiline


def functions(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    in_multiline = False
    stack = []  # (name, start line, depth at which its body opened)
    depth = 0
    pending = None
    for number, raw in enumerate(lines, 1):
        code, in_multiline_next = strip(raw, in_multiline)
        if not in_multiline:
            match = DECL.match(code)
            if match:
                pending = (match.group(1).replace('func ', ''), number)
        in_multiline = in_multiline_next
        for ch in code:
            if ch == '{':
                depth += 1
                if pending:
                    stack.append((pending[0], pending[1], depth))
                    pending = None
            elif ch == '}':
                if stack and stack[-1][2] == depth:
                    name, start, _ = stack.pop()
                    yield name, start, number - start + 1
                depth -= 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--limit', type=int, default=60)
    parser.add_argument('paths', nargs='*', default=['Sources'])
    args = parser.parse_args()
    found = []
    for root in args.paths:
        walk = [(root, [], [os.path.basename(root)])] if root.endswith('.swift') else os.walk(root)
        for folder, _, files in walk:
            for name in files:
                path = os.path.join(folder if not root.endswith('.swift') else os.path.dirname(root), name)
                if path.endswith('.swift'):
                    found += [(length, path, start, fn) for fn, start, length in functions(path) if length > args.limit]
    for length, path, start, fn in sorted(found, key=lambda f: (-f[0], f[1], f[2])):
        print(f'{length:4d}  {path}:{start}  {fn}')
    print(f'{len(found)} functions over {args.limit} lines', file=sys.stderr)


if __name__ == '__main__':
    main()

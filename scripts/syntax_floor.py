"""Parses hand-written Kotlin, Kotlin script and Swift files with tree-sitter.

A floor, not a compiler: it catches what no build here can (Compose and SwiftUI views,
Gradle scripts, the Keychain store) when a file no longer parses. Prints one line per
ERROR or MISSING node, then a summary; exits 1 when any file has one.
"""

import sys

import tree_sitter_kotlin
import tree_sitter_swift
from tree_sitter import Language, Parser

PARSERS = {
    "kotlin": Parser(Language(tree_sitter_kotlin.language())),
    "swift": Parser(Language(tree_sitter_swift.language())),
}


def language_of(path: str) -> str:
    return "swift" if path.endswith(".swift") else "kotlin"


def problems(node):
    """Yields every ERROR or MISSING node, without descending into an ERROR's children."""
    if node.is_error or node.is_missing:
        yield node
        return
    if not node.has_error:
        return
    for child in node.children:
        yield from problems(child)


def main(paths):
    broken = 0
    for path in paths:
        with open(path, "rb") as f:
            tree = PARSERS[language_of(path)].parse(f.read())
        found = list(problems(tree.root_node))
        if found:
            broken += 1
            for node in found[:5]:
                kind = f"MISSING {node.type}" if node.is_missing else "ERROR"
                row, col = node.start_point
                print(f"{path}:{row + 1}:{col + 1}: {kind}")
    print(f"syntax-floor: {len(paths)} files parsed, {broken} with errors")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Reading the project's own source in tests (the architecture and region-literal checks)."""

import ast


def docstring_nodes(tree):
    """The string constants that are docstrings of the module, its classes and functions."""
    nodes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                nodes.add(id(first.value))
    return nodes

"""The interop scripts' report: a line per check, failures remembered.

A script calls check() for each property and exits 1 if `failures` is not
empty; `done` lists every check made."""

failures = []
done = []


def check(name, ok, detail=""):
    """Prints one check's outcome and remembers it."""
    done.append(name)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))
    if not ok:
        failures.append(name)

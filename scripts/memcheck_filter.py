"""Reads valgrind memcheck logs (a directory of them) and prints every
report whose own stack, the frames above its "Address ..." or "Uninitialised
value was created ..." line, has a ciprov frame. Exits 1 when there is one.
A report only whose origin is in ciprov (memory allocated by ciprov, later
written by PostgreSQL) is counted but not failed: without a valgrind build
of the server, palloc'd chunks share their block's origin."""
import pathlib
import re
import sys

REPORT = re.compile(r"^==\d+== [A-Z]")
END_OF_OWN_STACK = ("Address ", "Uninitialised value was created", "Block was alloc")


def reports(text):
    """Each report's lines, without the ==pid== prefix."""
    for block in re.split(r"\n==\d+== \n", text):
        lines = [l.split(" ", 1)[1] if " " in l else "" for l in block.splitlines() if l.startswith("==")]
        if lines and REPORT.match("==0== " + lines[0]):
            yield lines


def own_stack(lines):
    for line in lines[1:]:
        if line.lstrip().startswith(END_OF_OWN_STACK):
            return
        yield line


def main(directory):
    total = ours = 0
    for log in sorted(pathlib.Path(directory).glob("*.log")):
        for lines in reports(log.read_text(errors="replace")):
            total += 1
            if any("ciprov" in l for l in own_stack(lines)):
                ours += 1
                print(f"--- {log.name}")
                print("\n".join(l[:240] for l in lines[:40]))
    print(f"memcheck: {total} reports, {ours} with a ciprov frame in their own stack")
    return 1 if ours else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

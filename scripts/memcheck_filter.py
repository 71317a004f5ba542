"""Reads valgrind memcheck logs (a directory of them) and prints every
report whose own stack, the frames above its "Address ..." or "Uninitialised
value was created ..." line, has a ciprov frame. Exits 1 when there is one.
A report only whose origin is in ciprov (memory allocated by ciprov, later
written by PostgreSQL) is counted but not failed: without a valgrind build
of the server, palloc'd chunks share their block's origin."""
import pathlib
import re
import sys

PREFIX = re.compile(r"^==\d+== ?")
# A ciprov frame: a ciprov function (ciprov::..., ciprov_...) or code in
# ciprov.so; not a path that merely contains "ciprov" (the scratch tree).
CIPROV_FRAME = re.compile(r"(?<![\w/.-])ciprov(::|_)|/ciprov\.so\)")
END_OF_OWN_STACK = ("Address ", "Uninitialised value was created", "Block was alloc")


def reports(text):
    """Each report's lines, without the ==pid== prefix."""
    for block in re.split(r"\n==\d+== \n", text):
        lines = [PREFIX.sub("", l) for l in block.splitlines() if PREFIX.match(l)]
        if lines and lines[0][:1].isupper():  # (a report starts with its kind: "Invalid read ...")
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
            if any(CIPROV_FRAME.search(l) for l in own_stack(lines)):
                ours += 1
                print(f"--- {log.name}")
                print("\n".join(l[:240] for l in lines[:40]))
    print(f"memcheck: {total} reports, {ours} with a ciprov frame in their own stack")
    return 1 if ours else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

#!/usr/bin/env python3
"""Builds the text study's task from Debian's own package lists: one .txt file per binary package of the main archive,
holding its English description (short and long), in a folder per archive section.

Input: the apt lists on this machine after `apt-get update -o Acquire::Languages=en` (the Packages index gives each
package's section and source; the Translation-en index the long description, joined on Description-md5).
Kept: the ten topical sections of the task, packages whose source builds exactly one binary package (a source's -dev,
-doc and -data packages repeat its description), descriptions of at least 20 words.
The result depends only on the lists: the same lists give the same folder (written in sorted order, files atomically
renamed into place at the end). Usage: debian-descriptions.py OUT_DIR
"""
import collections
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

SECTIONS = ["admin", "fonts", "games", "graphics", "net", "science", "sound", "text", "web", "x11"]
LISTS = "/var/lib/apt/lists"


def read_index(pattern):
    """Yields each stanza of every list matching pattern (compressed lists are read through apt-helper)."""
    files = sorted(glob.glob(os.path.join(LISTS, pattern)))
    for f in files:
        text = subprocess.run(["/usr/lib/apt/apt-helper", "cat-file", f], check=True, capture_output=True).stdout
        for stanza in text.decode("utf-8", "replace").split("\n\n"):
            fields, key = {}, None
            for line in stanza.split("\n"):
                if line.startswith(" ") and key:
                    fields[key] += "\n" + line[1:]
                elif ":" in line:
                    key, _, value = line.partition(":")
                    fields[key] = value.strip()
            if "Package" in fields:
                yield fields


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: debian-descriptions.py OUT_DIR")
    out = sys.argv[1]
    packages = [p for p in read_index("*_dists_*_main_binary-amd64_Packages*") if "/" not in p.get("Section", "/")]
    if not packages:
        sys.exit("no Packages lists in " + LISTS + ": run apt-get update first")
    translations = {}
    for t in read_index("*_dists_*_main_i18n_Translation-en*"):
        if "Description-en" in t:
            translations[t["Description-md5"]] = t["Description-en"]
    if not translations:
        sys.exit("no Translation-en lists in " + LISTS + ": run apt-get update -o Acquire::Languages=en")
    binaries = collections.defaultdict(set)
    for p in packages:
        binaries[p.get("Source", p["Package"]).split(" ")[0]].add(p["Package"])
    chosen = {}
    for p in packages:
        source = p.get("Source", p["Package"]).split(" ")[0]
        text = translations.get(p.get("Description-md5", ""))
        if p.get("Section") in SECTIONS and len(binaries[source]) == 1 and text and len(text.split()) >= 20:
            chosen[p["Package"]] = (p["Section"], "\n".join(l for l in text.split("\n") if l.strip() != "."))
    counts = collections.Counter(s for s, _ in chosen.values())
    parent = os.path.dirname(os.path.abspath(out)) or "."
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(dir=parent, prefix=".debian-descriptions-")
    digest = hashlib.sha256()
    for name in sorted(chosen):
        section, text = chosen[name]
        os.makedirs(os.path.join(tmp, section), exist_ok=True)
        with open(os.path.join(tmp, section, name + ".txt"), "w", encoding="utf-8") as f:
            f.write(text + "\n")
        digest.update((section + "/" + name + "\n" + text + "\n").encode("utf-8"))
    with open(os.path.join(tmp, "manifest.json"), "w") as f:
        json.dump({"sections": dict(sorted(counts.items())), "texts": len(chosen), "sha256": digest.hexdigest()}, f,
                  indent=2)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.rename(tmp, out)
    print(json.dumps({"out": out, "texts": len(chosen), "sections": dict(sorted(counts.items()))}))


if __name__ == "__main__":
    main()

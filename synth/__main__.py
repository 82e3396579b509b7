"""python -m synth --n N --out DIR [--seed S] [--workers W]"""

import argparse
from pathlib import Path

from synth.generate import main

parser = argparse.ArgumentParser(prog="python -m synth", description=__doc__)
parser.add_argument("--n", type=int, required=True, help="number of reports")
parser.add_argument("--out", type=Path, required=True, help="output folder (created, empty)")
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
args = parser.parse_args()
main(args.n, args.out, args.seed, args.workers)

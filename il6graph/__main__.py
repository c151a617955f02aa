"""``python -m il6graph`` runs the command line."""

from il6graph.cli import main

main(prog_name="il6graph")

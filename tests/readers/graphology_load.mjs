// Load a GraphML or GEXF file with graphology (graphology-graphml / graphology-gexf) and print
// what it read as JSON: {type, multi, order, size, nodes: {key: attributes}, edges: {key: {...}}}.
// Usage: node graphology_load.mjs graphml|gexf FILE
import { readFileSync } from "node:fs";
import graphology from "graphology";
import gexf from "graphology-gexf";
import graphml from "graphology-graphml";

const [format, file] = process.argv.slice(2);
const parsers = { graphml, gexf };
if (!parsers[format]) {
  console.error(`unknown format ${format}; use graphml or gexf`);
  process.exit(2);
}
const text = readFileSync(file, "utf-8");
const graph = parsers[format].parse(graphology.MultiDirectedGraph, text);
const nodes = {};
graph.forEachNode((key, attributes) => {
  nodes[key] = attributes;
});
const edges = {};
graph.forEachEdge((key, attributes, source, target) => {
  edges[key] = { source, target, attributes };
});
console.log(
  JSON.stringify({ type: graph.type, multi: graph.multi, order: graph.order, size: graph.size, nodes, edges }),
);

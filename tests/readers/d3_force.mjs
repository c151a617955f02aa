// Lay out a node-link JSON file with d3-force, as a D3 force-directed page does, and print what
// it read as JSON: {nodes: [ids], links: [{source, target, key}], moved: true if positions set}.
// Usage: node d3_force.mjs FILE
import { readFileSync } from "node:fs";
import { forceSimulation, forceLink, forceManyBody, forceCenter } from "d3-force";

const data = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const nodes = data.nodes.map((node) => ({ ...node }));
const links = data.links.map((link) => ({ ...link }));
// forceLink resolves source/target ids to node objects and throws on an unknown id.
const simulation = forceSimulation(nodes)
  .force("link", forceLink(links).id((node) => node.id))
  .force("charge", forceManyBody())
  .force("center", forceCenter(0, 0))
  .stop();
simulation.tick(50);
console.log(
  JSON.stringify({
    nodes: nodes.map((node) => node.id),
    links: links.map((link) => ({ source: link.source.id, target: link.target.id, key: link.key })),
    moved: nodes.every((node) => Number.isFinite(node.x) && Number.isFinite(node.y)),
  }),
);

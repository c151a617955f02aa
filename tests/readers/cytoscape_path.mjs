// Load a Cytoscape.js JSON (.cyjs) file in headless cytoscape and print, as JSON, the element
// counts and the shortest directed path (fewest edges) from SOURCE to TARGET, as node ids.
// Usage: node cytoscape_path.mjs FILE SOURCE_ID TARGET_ID
import { readFileSync } from "node:fs";
import cytoscape from "cytoscape";

const [file, source, target] = process.argv.slice(2);
const document = JSON.parse(readFileSync(file, "utf-8"));
const cy = cytoscape({ headless: true, styleEnabled: false, elements: document.elements });
const root = cy.getElementById(source);
const goal = cy.getElementById(target);
if (root.empty() || goal.empty()) {
  console.error(`node ${root.empty() ? source : target} is not in ${file}`);
  process.exit(2);
}
const search = cy.elements().dijkstra({ root, directed: true });
const path = search.pathTo(goal);
console.log(
  JSON.stringify({
    nodes: cy.nodes().length,
    edges: cy.edges().length,
    distance: search.distanceTo(goal),
    path: path.nodes().map((node) => node.id()),
    edge_ids: path.edges().map((edge) => edge.id()),
    name: cy.getElementById(source).data("name"),
  }),
);

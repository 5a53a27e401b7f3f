// The floor of tools/bench/graph: an Nx plugin with nx-buildrunner's glob that does no work of its
// own. It answers with createNodes results computed beforehand by the real plugin (the JSON file
// named by its `nodes` option), so what remains is Nx's own cost of loading a plugin worker,
// globbing, sending the results over IPC and building the graph from them.
const { readFileSync } = require('node:fs');

exports.createNodes = [
  '**/*.md',
  (configFiles, options) => {
    const results = JSON.parse(readFileSync(options.nodes, 'utf8'));
    const asked = new Set(configFiles);
    return results.filter(([file]) => asked.has(file));
  },
];

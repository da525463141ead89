// Native modules (better-sqlite3) compile from source here, and node-gyp would otherwise try to
// download Node's headers. Point it at the headers this Node installation ships, where it has them.
const { existsSync } = require('node:fs');
const path = require('node:path');

const nodePrefix = path.dirname(path.dirname(process.execPath));
const shipsHeaders = existsSync(path.join(nodePrefix, 'include', 'node', 'node_version.h'));

module.exports = {
  hooks: {
    updateConfig(config) {
      if (!shipsHeaders || process.env.npm_config_nodedir) return config;
      config.extraEnv = { ...config.extraEnv, npm_config_nodedir: nodePrefix };
      return config;
    },
  },
};

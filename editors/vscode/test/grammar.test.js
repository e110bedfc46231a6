// grammar.test.js — tokenizes SQL with the injection grammar through vscode-textmate (the engine VS
// Code uses, with Oniguruma), over a minimal stand-in for VS Code's SQL grammar, and checks the
// scopes given to smelt.ref / smelt.metric calls. Run with `npm test`.
'use strict';
const fs = require('fs');
const path = require('path');
const assert = require('assert');
const oniguruma = require('vscode-oniguruma');
const textmate = require('vscode-textmate');

const root = path.join(__dirname, '..');
const wasm = fs.readFileSync(path.join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm')).buffer;

// The host grammar: just enough SQL (comments, strings, keywords) to see that the injection
// applies in code and stays out of comments and strings.
const sql = {
  scopeName: 'source.sql',
  patterns: [
    { match: '--.*$', name: 'comment.line.double-dash.sql' },
    { begin: '/\\*', end: '\\*/', name: 'comment.block.sql' },
    { begin: "'", end: "'", name: 'string.quoted.single.sql' },
    { match: '(?i)\\b(select|from|join|where|on|and|or)\\b', name: 'keyword.other.sql' },
  ],
};

async function main() {
  await oniguruma.loadWASM(wasm);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName === 'source.sql') return textmate.parseRawGrammar(JSON.stringify(sql), 'sql.json');
      if (scopeName === 'smelt.injection') {
        const file = path.join(root, 'syntaxes', 'smelt.injection.tmLanguage.json');
        return textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
      }
      return null;
    },
    getInjections: (scopeName) => (scopeName === 'source.sql' ? ['smelt.injection'] : undefined),
  });
  const grammar = await registry.loadGrammar('source.sql');
  assert(grammar, 'the SQL grammar did not load');

  function scopesOf(line, text) {
    const { tokens } = grammar.tokenizeLine(line, textmate.INITIAL);
    const found = tokens.find((t) => line.slice(t.startIndex, t.endIndex).includes(text));
    assert(found, `no token holds ${text} in: ${line}`);
    return found.scopes;
  }
  let checks = 0;
  function expectScope(line, text, scope) {
    const scopes = scopesOf(line, text);
    assert(scopes.some((s) => s.split(' ').includes(scope) || s === scope), `${text} in "${line}": ${scopes.join(', ')} lacks ${scope}`);
    checks++;
  }
  function expectNoScope(line, text, scope) {
    const scopes = scopesOf(line, text);
    assert(!scopes.some((s) => s.startsWith(scope)), `${text} in "${line}" should not have ${scope}: ${scopes.join(', ')}`);
    checks++;
  }

  const ref = "SELECT * FROM smelt.ref('orders', filter => (status = 'paid' OR amount > 0), limit => 5) AS o";
  expectScope(ref, 'ref', 'support.function.smelt.ref');
  expectScope(ref, 'smelt', 'entity.name.namespace.smelt');
  expectScope(ref, "'orders'", 'entity.name.type.model.smelt');
  expectScope(ref, 'filter', 'variable.parameter.smelt');
  expectScope(ref, 'limit', 'variable.parameter.smelt');
  // The nested parentheses do not end the call: limit is still inside it.
  expectScope(ref, 'limit', 'meta.function-call.smelt');
  expectNoScope(ref, 'AS o', 'meta.function-call.smelt');
  expectScope("SELECT smelt.metric('revenue', grain => 'month')", 'metric', 'support.function.smelt.metric');
  expectScope("SELECT smelt.metric('revenue', grain => 'month')", "'revenue'", 'entity.name.type.model.smelt');
  expectNoScope("-- smelt.ref('orders') in a comment", 'ref', 'support.function.smelt');
  expectNoScope("SELECT /* smelt.ref('orders') */ 1", 'ref', 'support.function.smelt');
  expectNoScope("SELECT 'smelt.ref(x)' AS text", 'ref', 'support.function.smelt');
  expectNoScope("SELECT other.ref('orders')", 'ref', 'support.function.smelt');
  console.log(`grammar: ${checks} passed, 0 failed`);
}

main().catch((error) => {
  console.error(error && error.message ? error.message : error);
  console.log('grammar: 0 passed, 1 failed');
  process.exit(1);
});

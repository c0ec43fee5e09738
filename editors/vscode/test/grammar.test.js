// The TextMate grammars, tokenized the way VS Code does it (vscode-textmate
// with the Oniguruma regex engine, compiled to WebAssembly), on the bundled
// stories: scenes/dont-leave.scenes and the Fountain notes of
// scenes/the-lighthouse-keeper.fountain. Run with `npm test` (with
// test/lsp.test.js, the client against `chronotope lsp`).
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const textmate = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const ext = path.join(__dirname, "..");
const repo = path.join(ext, "..", "..");
const grammarFiles = {
  "source.scenes": path.join(ext, "syntaxes", "scenes.tmLanguage.json"),
  "chronotope.fountain-tags.injection": path.join(ext, "syntaxes", "fountain-injection.tmLanguage.json"),
};

// A stand-in for a Fountain extension's grammar: notes are comments, as in
// the common ones. Only the scope name matters for the injection.
const fountainHost = {
  scopeName: "text.fountain",
  patterns: [
    { begin: "\\[\\[", end: "\\]\\]", name: "comment.block.note.fountain" },
    { begin: "/\\*", end: "\\*/", name: "comment.block.boneyard.fountain" },
  ],
};

const onig = (async () => {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  return {
    createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
    createOnigString: (s) => new oniguruma.OnigString(s),
  };
})();

function registry() {
  return new textmate.Registry({
    onigLib: onig,
    loadGrammar: async (scopeName) => {
      if (scopeName === "text.fountain") {
        return textmate.parseRawGrammar(JSON.stringify(fountainHost), "fountain.json");
      }
      const file = grammarFiles[scopeName];
      return file ? textmate.parseRawGrammar(fs.readFileSync(file, "utf8"), file) : null;
    },
    getInjections: (scopeName) =>
      scopeName === "text.fountain" ? ["chronotope.fountain-tags.injection"] : undefined,
  });
}

// Every token of a file: { line, text, scopes } with 1-based line numbers.
async function tokenize(scopeName, file) {
  const grammar = await registry().loadGrammar(scopeName);
  assert.ok(grammar, `grammar ${scopeName} loads`);
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/);
  const tokens = [];
  let stack = textmate.INITIAL;
  lines.forEach((text, i) => {
    const result = grammar.tokenizeLine(text, stack);
    for (const t of result.tokens) {
      tokens.push({ line: i + 1, text: text.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    stack = result.ruleStack;
  });
  return { lines, tokens };
}

// The innermost scope of the token `text` on the first line containing
// `lineText` (at or after line `from`).
function scopeOf(file, lineText, text, from = 1) {
  const line = file.lines.findIndex((l, i) => i + 1 >= from && l.includes(lineText)) + 1;
  assert.ok(line > 0, `a line with ${JSON.stringify(lineText)}`);
  const token = file.tokens.find((t) => t.line === line && t.text === text);
  assert.ok(
    token,
    `token ${JSON.stringify(text)} on line ${line} (${JSON.stringify(
      file.tokens.filter((t) => t.line === line).map((t) => t.text)
    )})`
  );
  return token.scopes[token.scopes.length - 1];
}

function expectScopes(file, cases) {
  for (const [lineText, text, scope] of cases) {
    assert.equal(scopeOf(file, lineText, text), scope, `${JSON.stringify(text)} in ${JSON.stringify(lineText)}`);
  }
}

// Every regex in a grammar, for the compile test.
function regexes(node, out = []) {
  if (Array.isArray(node)) node.forEach((n) => regexes(n, out));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (["match", "begin", "end", "while"].includes(key) && typeof value === "string") out.push(value);
      else regexes(value, out);
    }
  }
  return out;
}

test("every regex of both grammars compiles with Oniguruma", async () => {
  await onig;
  // The check can fail: a broken pattern throws.
  assert.throws(() => new oniguruma.OnigScanner(["(unclosed"]));
  for (const file of Object.values(grammarFiles)) {
    const grammar = JSON.parse(fs.readFileSync(file, "utf8"));
    const all = regexes(grammar);
    assert.ok(all.length >= 5, `${file} has its rules`);
    for (const source of all) {
      assert.doesNotThrow(() => new oniguruma.OnigScanner([source]), `${path.basename(file)}: ${source}`);
    }
  }
});

test("the reference story: declarations, ids, dates, durations and keywords", async () => {
  const f = await tokenize("source.scenes", path.join(repo, "scenes", "dont-leave.scenes"));
  expectScopes(f, [
    ["# Don't Leave (Kal)", "#", "punctuation.definition.comment.scenes"],
    ["# Don't Leave (Kal)", " Don't Leave (Kal): an illustrative outline, not the film's scene list.", "comment.line.number-sign.scenes"],
    ["title: Don't Leave", "title", "support.type.property-name.header.scenes"],
    ["title: Don't Leave", "Don't Leave", "string.unquoted.header.scenes"],
    ["era past:", "era", "keyword.declaration.era.scenes"],
    ["era past:", "past", "entity.name.type.era.scenes"],
    ["era past:", "2014-05", "constant.numeric.date.scenes"],
    ["era past:", "..", "keyword.operator.range.scenes"],
    ["era past:", "2020-09", "constant.numeric.date.scenes"],
    ["marker hair:", "marker", "keyword.declaration.marker.scenes"],
    ["marker hair:", "hair", "entity.name.type.marker.scenes"],
    ["dark: past #2b1d14", "dark", "constant.other.marker-value.scenes"],
    ["dark: past #2b1d14", "past", "entity.name.type.era.scenes"],
    ["dark: past #2b1d14", "#2b1d14", "constant.other.color.rgb-value.hex.scenes"],
    ["character Semih", "character", "keyword.declaration.character.scenes"],
    ["character Semih", "Semih", "entity.name.class.character.scenes"],
    ["scene gone:", "scene", "keyword.declaration.scene.scenes"],
    ["scene gone:", "gone", "entity.name.function.scene.scenes"],
    ["scene gone:", "The empty wardrobe", "string.unquoted.title.scenes"],
    ["screen: 00:00:00 .. 00:04:10", "screen", "support.type.property-name.screen.scenes"],
    ["screen: 00:00:00 .. 00:04:10", "00:00:00", "constant.numeric.timecode.scenes"],
    ["screen: 00:00:00 .. 00:04:10", "00:04:10", "constant.numeric.timecode.scenes"],
    ["story:  2020-10-03 08:10 for 20m", "story", "support.type.property-name.story.scenes"],
    ["story:  2020-10-03 08:10 for 20m", "2020-10-03 08:10", "constant.numeric.date.scenes"],
    ["story:  2020-10-03 08:10 for 20m", "for", "keyword.other.relation.scenes"],
    ["story:  2020-10-03 08:10 for 20m", "20m", "constant.numeric.duration.scenes"],
    ["hair:   bleached", "hair", "support.type.property-name.marker.scenes"],
    ["hair:   bleached", "bleached", "constant.other.marker-value.scenes"],
    ["cast:   Semih, Kerem", "cast", "support.type.property-name.cast.scenes"],
    ["cast:   Semih, Kerem", "Semih", "variable.other.character.scenes"],
    ["cast:   Semih, Kerem", "Kerem", "variable.other.character.scenes"],
    ["where:  Cihangir flat", "Cihangir flat", "string.unquoted.place.scenes"],
    ["> Semih wakes", "Semih wakes to find Defne's side of the wardrobe empty.", "markup.quote.synopsis.scenes"],
    ["> Semih wakes", ">", "punctuation.definition.quote.scenes"],
    ["story:  after gone by 1d..3d, for 3h", "after", "keyword.other.relation.scenes"],
    ["story:  after gone by 1d..3d, for 3h", "gone", "variable.other.scene.scenes"],
    ["story:  after gone by 1d..3d, for 3h", "by", "keyword.other.relation.scenes"],
    ["story:  after gone by 1d..3d, for 3h", "1d", "constant.numeric.duration.scenes"],
    ["story:  after gone by 1d..3d, for 3h", "3d", "constant.numeric.duration.scenes"],
    ["story:  after gone by 1d..3d, for 3h", ",", "punctuation.separator.comma.scenes"],
    ["story:  after gone by 1d..3d, for 3h", "3h", "constant.numeric.duration.scenes"],
    ["story:  after ferry by 6mo..1y", "6mo", "constant.numeric.duration.scenes"],
    ["story:  after ferry by 6mo..1y", "..", "keyword.operator.range.scenes"],
    ["story:  after ferry by 6mo..1y", "1y", "constant.numeric.duration.scenes"],
    ["story:  during friends", "during", "keyword.other.relation.scenes"],
    ["story:  during friends", "friends", "variable.other.scene.scenes"],
    ["story:  past, after argument, before gone by 1mo..", "past", "entity.name.type.era.scenes"],
    ["story:  past, after argument, before gone by 1mo..", "argument", "variable.other.scene.scenes"],
    ["story:  past, after argument, before gone by 1mo..", "before", "keyword.other.relation.scenes"],
    ["story:  past, after argument, before gone by 1mo..", "1mo", "constant.numeric.duration.scenes"],
    ["story:  moving-in + 2mo..4mo", "moving-in", "variable.other.scene.scenes"],
    ["story:  moving-in + 2mo..4mo", "+", "keyword.operator.arithmetic.scenes"],
    ["story:  moving-in + 2mo..4mo", "4mo", "constant.numeric.duration.scenes"],
    ["story:  2020-10-10", "2020-10-10", "constant.numeric.date.scenes"],
    ["repeats: ferry", "repeats", "support.type.property-name.repeats.scenes"],
    ["repeats: ferry", "ferry", "variable.other.scene.scenes"],
    ["story:  after ferry-again by 1w..", "ferry-again", "variable.other.scene.scenes"],
    ["story:  after ferry-again by 1w..", "1w", "constant.numeric.duration.scenes"],
  ]);
  // Nothing in a scene block is left without a scope of its own, except
  // white space and the separators between values.
  const bare = f.tokens.filter(
    (t) => t.text.trim() !== "" && t.scopes.length === 1 && !/^[\s:,.]+$/.test(t.text)
  );
  assert.deepEqual(bare, [], "tokens with only the file's scope");
});

test("every bundled story: no token left bare, durations and references scoped", async () => {
  const dir = path.join(repo, "scenes");
  const files = fs.readdirSync(dir).filter((name) => name.endsWith(".scenes"));
  assert.ok(files.length >= 4, `the bundled stories: ${files}`);
  for (const name of files) {
    const f = await tokenize("source.scenes", path.join(dir, name));
    f.tokens.forEach((t, i) => {
      const where = `${name}:${t.line} ${JSON.stringify(t.text)}`;
      const inner = t.scopes[t.scopes.length - 1];
      if (t.text.trim() !== "" && !/^[\s:,.]+$/.test(t.text)) {
        assert.ok(t.scopes.length > 1, `${where} has only the file's scope`);
      }
      if (/^(?:\d+(?:mo|[smhdwy]))+$/.test(t.text) && f.lines[t.line - 1].trimStart().startsWith("story:")) {
        assert.equal(inner, "constant.numeric.duration.scenes", where);
      }
      if (/^(after|before|during)$/.test(t.text)) {
        const next = f.tokens.slice(i + 1).find((n) => n.text.trim() !== "");
        assert.equal(next.scopes[next.scopes.length - 1], "variable.other.scene.scenes", `after ${where}`);
      }
    });
  }
});

test("constructs the reference story lacks", async () => {
  const dir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "chronotope-grammar-"));
  const file = path.join(dir, "more.scenes");
  fs.writeFileSync(
    file,
    [
      "era wedding-day: 2019-06-01",
      "era courtship: ferry .. moving-in",
      "character Nermin: born 1931, died 2019-06",
      "scene a: A",
      "  screen: 1:02:03.5 for 6m50s",
      "  story: 2014-05-17T18:00:30 .. 2014-05-18, b - 2d..3d, a-2d",
      "  cast: Semih (age 24), Defne",
      "  mode: memory",
      "  hair: dark (a little longer)",
      "  # chronotope: allow presence",
      "# a top-level comment inside the block",
      "  where: Bar #3",
    ].join("\n")
  );
  const f = await tokenize("source.scenes", file);
  fs.rmSync(dir, { recursive: true });
  expectScopes(f, [
    ["era wedding-day", "wedding-day", "entity.name.type.era.scenes"],
    ["era wedding-day", "2019-06-01", "constant.numeric.date.scenes"],
    ["era courtship", "ferry", "variable.other.scene.scenes"],
    ["era courtship", "moving-in", "variable.other.scene.scenes"],
    ["character Nermin", "Nermin", "entity.name.class.character.scenes"],
    ["character Nermin", "born", "keyword.other.life.scenes"],
    ["character Nermin", "1931", "constant.numeric.date.scenes"],
    ["character Nermin", "died", "keyword.other.life.scenes"],
    ["character Nermin", "2019-06", "constant.numeric.date.scenes"],
    ["screen: 1:02:03.5", "1:02:03.5", "constant.numeric.timecode.scenes"],
    ["screen: 1:02:03.5", "6m50s", "constant.numeric.duration.scenes"],
    ["story: 2014-05-17T18:00:30", "2014-05-17T18:00:30", "constant.numeric.date.scenes"],
    ["story: 2014-05-17T18:00:30", "2014-05-18", "constant.numeric.date.scenes"],
    ["story: 2014-05-17T18:00:30", "b", "variable.other.scene.scenes"],
    ["story: 2014-05-17T18:00:30", "-", "keyword.operator.arithmetic.scenes"],
    ["story: 2014-05-17T18:00:30", "2d", "constant.numeric.duration.scenes"],
    // `a-2d` is one word: an era name (docs/scene-format.md, "Put spaces around `-`").
    ["story: 2014-05-17T18:00:30", "a-2d", "entity.name.type.era.scenes"],
    ["cast: Semih (age 24)", "age", "keyword.other.age.scenes"],
    ["cast: Semih (age 24)", "24", "constant.numeric.integer.scenes"],
    ["cast: Semih (age 24)", "Defne", "variable.other.character.scenes"],
    ["mode: memory", "memory", "constant.language.mode.scenes"],
    ["hair: dark (a little longer)", "dark", "constant.other.marker-value.scenes"],
    ["hair: dark (a little longer)", "a little longer", "string.unquoted.note.scenes"],
    ["# chronotope: allow presence", "chronotope", "keyword.other.directive.scenes"],
    // No end-of-line comments: `#3` is part of the place.
    ["where: Bar #3", "Bar #3", "string.unquoted.place.scenes"],
  ]);
  // The top-level comment did not end the scene: `where` is still a property.
  assert.equal(scopeOf(f, "where: Bar #3", "where"), "support.type.property-name.where.scenes");
});

test("Fountain notes: tags and declarations get the scene-file scopes", async () => {
  const f = await tokenize("text.fountain", path.join(repo, "scenes", "the-lighthouse-keeper.fountain"));
  expectScopes(f, [
    ["era then: 1987 .. 1995", "era", "keyword.declaration.era.scenes"],
    ["era then: 1987 .. 1995", "then", "entity.name.type.era.scenes"],
    ["era then: 1987 .. 1995", "1987", "constant.numeric.date.scenes"],
    ["marker coat:", "coat", "entity.name.type.marker.scenes"],
    ["new: then #e8c33a", "new", "constant.other.marker-value.scenes"],
    ["new: then #e8c33a", "#e8c33a", "constant.other.color.rgb-value.hex.scenes"],
    ["character Ines: born 1979-04-02", "Ines", "entity.name.class.character.scenes"],
    ["character Ines: born 1979-04-02", "1979-04-02", "constant.numeric.date.scenes"],
    ["[[id: arrival]]", "arrival", "entity.name.function.scene.scenes"],
    ["[[id: arrival]]", "[[", "punctuation.definition.note.begin.chronotope"],
    ["[[id: arrival]]", "]]", "punctuation.definition.note.end.chronotope"],
    ["[[story: 2019-10-12 10:00 for 30m]]", "2019-10-12 10:00", "constant.numeric.date.scenes"],
    ["[[story: 2019-10-12 10:00 for 30m]]", "30m", "constant.numeric.duration.scenes"],
    ["[[coat: faded]]", "coat", "support.type.property-name.marker.scenes"],
    ["[[coat: faded]]", "faded", "constant.other.marker-value.scenes"],
    ["[[cast: Ines (age 8), Tomas]]", "Tomas", "variable.other.character.scenes"],
    ["[[cast: Ines (age 8), Tomas]]", "8", "constant.numeric.integer.scenes"],
    ["[[story: after arrival by ..2h]]", "arrival", "variable.other.scene.scenes"],
    ["[[story: after arrival by ..2h]]", "2h", "constant.numeric.duration.scenes"],
  ]);
  // Text outside notes is the host grammar's: the tag grammar stays out of it.
  const action = f.tokens.find((t) => t.text.includes("She tries three keys"));
  assert.deepEqual(action.scopes, ["text.fountain"]);
});

test("an ordinary Fountain note is left to the Fountain grammar", async () => {
  const dir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "chronotope-grammar-"));
  const file = path.join(dir, "notes.fountain");
  fs.writeFileSync(file, "[[TODO: cut this after 2019?]]\n/* [[story: 2014]] */\n");
  const f = await tokenize("text.fountain", file);
  fs.rmSync(dir, { recursive: true });
  for (const t of f.tokens) {
    assert.ok(!t.scopes.some((s) => s.endsWith(".scenes")), `${JSON.stringify(t.text)}: ${t.scopes}`);
  }
});

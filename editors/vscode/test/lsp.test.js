// The extension's side of the language server: the command line
// extension.js runs (`chronotope lsp`, no `--stdio`) spoken to with the
// JSON-RPC library vscode-languageclient uses. Needs a chronotope binary:
// $CHRONOTOPE_BIN, else `chronotope` on PATH; skips without one.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const rpc = require("vscode-jsonrpc/node");

const binary = process.env.CHRONOTOPE_BIN || "chronotope";
const found = spawnSync(binary, ["--version"]).status === 0;
const story = path.join(__dirname, "..", "..", "..", "scenes", "dont-leave.scenes");

test("`chronotope lsp` answers the client and publishes diagnostics", { skip: !found && `no ${binary}` }, async () => {
  const server = spawn(binary, ["lsp"], { stdio: ["pipe", "pipe", "inherit"] });
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(server.stdout),
    new rpc.StreamMessageWriter(server.stdin)
  );
  const published = new Promise((resolve) => {
    connection.onNotification("textDocument/publishDiagnostics", resolve);
  });
  connection.listen();
  try {
    const init = await connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
    });
    assert.ok(init.capabilities.hoverProvider, "hover");
    assert.ok(init.capabilities.definitionProvider, "go to definition");
    assert.ok(init.capabilities.documentFormattingProvider, "formatting");
    await connection.sendNotification("initialized", {});

    // One mistake: the scene `gone` renamed where `friends` refers to it.
    const uri = pathToFileURL(story).href;
    const text = fs.readFileSync(story, "utf8").replace("after gone by 1d..3d", "after gonne by 1d..3d");
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "chronotope", version: 1, text },
    });
    const diagnostics = await published;
    assert.equal(diagnostics.uri, uri);
    const codes = diagnostics.diagnostics.map((d) => d.code);
    assert.ok(codes.includes("E0202"), `unknown scene reported: ${JSON.stringify(codes)}`);
    const line = text.split("\n").findIndex((l) => l.includes("after gonne")) ;
    const e0202 = diagnostics.diagnostics.find((d) => d.code === "E0202");
    assert.equal(e0202.range.start.line, line, "on the line of the typo");

    await connection.sendRequest("shutdown");
    await connection.sendNotification("exit");
    const status = await new Promise((resolve) => server.on("exit", resolve));
    assert.equal(status, 0, "exit after shutdown is status 0");
  } finally {
    connection.dispose();
    server.kill();
  }
});

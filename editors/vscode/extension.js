// The chronotope extension: starts `chronotope lsp` (diagnostics, go to
// definition, references, completion, hover, formatting, outline) for scene
// files and Fountain scripts. Highlighting is the grammars' job
// (syntaxes/), which need no server.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;

// `chronotope.path`, else `chronotope` on PATH. In an untrusted workspace
// VS Code returns only the user's own value (package.json lists the setting
// as restricted): a repository must not choose which program runs.
function command() {
  const configured = vscode.workspace.getConfiguration("chronotope").get("path");
  return typeof configured === "string" && configured.trim() !== "" ? configured.trim() : "chronotope";
}

function createClient() {
  // No `transport`: with one, the client would add `--stdio`, which
  // `chronotope lsp` does not take; it always speaks over stdio.
  const server = { command: command(), args: ["lsp"] };
  return new LanguageClient(
    "chronotope",
    "chronotope",
    server,
    {
      documentSelector: [
        { scheme: "file", language: "chronotope" },
        { scheme: "untitled", language: "chronotope" },
        // Fountain scripts whatever extension (if any) gives them a language.
        { scheme: "file", pattern: "**/*.fountain" },
      ],
    }
  );
}

async function start() {
  client = createClient();
  try {
    await client.start();
  } catch (err) {
    const bin = command();
    const choice = await vscode.window.showErrorMessage(
      `chronotope: could not start \`${bin} lsp\` (${err && err.message ? err.message : err}). ` +
        "Install chronotope or set `chronotope.path` to the binary.",
      "Open Settings"
    );
    if (choice === "Open Settings") {
      vscode.commands.executeCommand("workbench.action.openSettings", "chronotope.path");
    }
  }
}

async function stop() {
  if (client) {
    const old = client;
    client = undefined;
    if (old.isRunning()) {
      await old.stop();
    }
  }
}

async function restart() {
  await stop();
  await start();
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("chronotope.restartServer", restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("chronotope.path")) {
        restart();
      }
    }),
    { dispose: () => stop() }
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };

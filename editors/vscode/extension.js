// The interleave extension: it starts `interleave lsp` and lets the language
// server do the rest (diagnostics, hover, navigation, formatting, checks).
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("interleave").get("path") || "interleave";
  client = new LanguageClient(
    "interleave",
    "interleave",
    { command, args: ["lsp"] },
    { documentSelector: [{ scheme: "file", language: "interleave" }, { scheme: "untitled", language: "interleave" }] }
  );
  // The server's own command, interleave.check, is registered by the client
  // and runs from the code lens; the palette's command passes it the file.
  context.subscriptions.push(
    vscode.commands.registerCommand("interleave.checkFile", async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.document.languageId !== "interleave") {
        return;
      }
      const summary = await client.sendRequest("workspace/executeCommand", {
        command: "interleave.check",
        arguments: [editor.document.uri.toString()],
      });
      vscode.window.setStatusBarMessage(`interleave: ${summary}`, 10000);
    })
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };

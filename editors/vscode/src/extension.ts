// extension.ts — starts `smelt lsp` for workspaces that hold a smelt project (a smelt.yml) and
// connects VS Code to it. Everything the editor shows about models comes from the server; this file
// only says how to start it and which documents it cares about.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

function makeClient(): LanguageClient {
  const config = vscode.workspace.getConfiguration('smelt');
  const command = config.get<string>('path', 'smelt') || 'smelt';
  const target = config.get<string>('target', '');
  const args = ['lsp'];
  if (target) {
    args.push('--target', target);
  }
  // stdio: the client adds --stdio, which `smelt lsp` accepts.
  const serverOptions: ServerOptions = {
    run: { command, args, transport: TransportKind.stdio },
    debug: { command, args, transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    // Models are SQL files; smelt.yml and sources.yml are checked too (broken YAML, unknown keys).
    documentSelector: [
      { scheme: 'file', language: 'sql' },
      { scheme: 'file', pattern: '**/smelt.yml' },
      { scheme: 'file', pattern: '**/sources.yml' },
    ],
    // Files changed outside the editor (a checkout, a generator) reach the server's analysis.
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.sql,smelt.yml,sources.yml}'),
    },
    initializationOptions: target ? { target } : {},
  };
  return new LanguageClient('smelt', 'smelt', serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  client = makeClient();
  context.subscriptions.push(
    vscode.commands.registerCommand('smelt.restartServer', async () => {
      if (client) {
        await client.stop();
      }
      client = makeClient();
      await client.start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('smelt')) {
        await vscode.commands.executeCommand('smelt.restartServer');
      }
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
}

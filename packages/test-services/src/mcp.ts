import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/**
 * A real MCP client (the protocol's own SDK) connected over Streamable HTTP
 * to a test backend's MCP server (`/api/mcp-actions/v1`), sending
 * `authorization` with every request, as an agent of that user would.
 */
export async function connectMcp(
  server: Server,
  authorization: string,
): Promise<McpTestClient> {
  const { port } = server.address() as AddressInfo;
  const client = new Client({ name: 'trinity-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL(`http://localhost:${port}/api/mcp-actions/v1`),
      { requestInit: { headers: { Authorization: authorization } } },
    ),
  );
  return {
    listTools: async () => (await client.listTools()).tools,
    async call(name, args) {
      const result = (await client.callTool({ name, arguments: args })) as {
        isError?: boolean;
        content: Array<{ text: string }>;
        structuredContent?: any;
      };
      return result.isError
        ? { error: result.content[0].text }
        : { output: result.structuredContent };
    },
    close: () => client.close(),
  };
}

export interface McpTestClient {
  listTools(): Promise<
    Array<{
      name: string;
      inputSchema: { required?: string[] };
      annotations?: Record<string, unknown>;
    }>
  >;
  /** A tool's structured answer, or its error text when it refused. */
  call(
    name: string,
    args: Record<string, unknown>,
  ): Promise<{ output?: any; error?: string }>;
  close(): Promise<void>;
}

// OpenTelemetry traces: a span per request, exported over OTLP/HTTP to the
// cluster's collector when OTEL_EXPORTER_OTLP_ENDPOINT is set (the platform
// sets it); without it spans are created and dropped, so tests need nothing.
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { IncomingMessage } from 'node:http';

let provider: NodeTracerProvider | undefined;

export function startTracing(service: string): void {
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: process.env.OTEL_EXPORTER_OTLP_ENDPOINT
      ? [new BatchSpanProcessor(new OTLPTraceExporter())]
      : [],
  });
  provider.register();
}

export async function stopTracing(): Promise<void> {
  await provider?.shutdown();
}

/** Runs `fn` inside a server span that continues the caller's trace (W3C traceparent). */
export async function withRequestSpan<T>(
  req: IncomingMessage,
  route: string,
  fn: () => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(context.active(), req.headers);
  const span = trace
    .getTracer('http')
    .startSpan(
      `${req.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method ?? '',
          'http.route': route,
        },
      },
      parent,
    );
  try {
    return await context.with(trace.setSpan(parent, span), fn);
  } catch (e) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(e) });
    throw e;
  } finally {
    span.end();
  }
}

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
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { IncomingMessage } from 'node:http';

let provider: NodeTracerProvider | undefined;

export async function startTracing(service: string): Promise<void> {
  // The OTLP exporter is loaded only when there is a collector to export
  // to: it brings its HTTP and serialization code (~5 MiB of memory in
  // every process) that a service without one never uses.
  const spanProcessors: BatchSpanProcessor[] = [];
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    const { OTLPTraceExporter } = await import(
      '@opentelemetry/exporter-trace-otlp-http'
    );
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  }
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors,
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

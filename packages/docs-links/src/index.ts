/**
 * Checks the portal's TechDocs: links, anchors, nav, runbook sections.
 *
 * @packageDocumentation
 */
export * from './links';

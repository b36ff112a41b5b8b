// This file is generated from src/schema/openapi.yaml by
// scripts/openapi-generate.mjs. Do not edit it; edit the spec and run
// `yarn workspace @internal/plugin-fleet-backend generate`.
/* eslint-disable */
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = {
  "openapi": "3.1.0",
  "info": {
    "title": "fleet",
    "version": "1",
    "description": "Trinity's fleet view: for a catalog entity, one row per cluster it runs on, one cell per signal source. Every cell answers within the deadline; a cluster that is down or slow is an error cell in its own row.",
    "x-client-package": "@internal/plugin-fleet-common"
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "components": {
    "responses": {
      "ErrorResponse": {
        "description": "An error response from the backend.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      }
    },
    "schemas": {
      "Error": {
        "type": "object",
        "properties": {
          "error": {
            "type": "object",
            "properties": {
              "name": {
                "type": "string"
              },
              "message": {
                "type": "string"
              }
            },
            "required": [
              "name",
              "message"
            ]
          },
          "request": {
            "type": "object",
            "properties": {
              "method": {
                "type": "string"
              },
              "url": {
                "type": "string"
              }
            },
            "required": [
              "method",
              "url"
            ]
          },
          "response": {
            "type": "object",
            "properties": {
              "statusCode": {
                "type": "number"
              }
            },
            "required": [
              "statusCode"
            ]
          }
        },
        "required": [
          "error",
          "response"
        ]
      },
      "CellStatus": {
        "description": "How a cell looks to an operator, fine, worth a look, broken, or not known.",
        "type": "string",
        "enum": [
          "ok",
          "warning",
          "critical",
          "unknown"
        ]
      },
      "FleetCell": {
        "description": "One source's answer for one cluster.",
        "type": "object",
        "properties": {
          "status": {
            "$ref": "#/components/schemas/CellStatus"
          },
          "summary": {
            "description": "One line an operator reads first, e.g. \"Synced · Healthy · a1b2c3d\".",
            "type": "string"
          },
          "data": {
            "description": "Source-specific detail for cards and drill-downs.",
            "type": "object",
            "additionalProperties": true
          },
          "error": {
            "description": "Set when the source could not answer, the cluster is down, slow, or refused.",
            "type": "object",
            "properties": {
              "name": {
                "type": "string"
              },
              "message": {
                "type": "string"
              }
            },
            "required": [
              "name",
              "message"
            ]
          },
          "fetchedAt": {
            "description": "When the answer was read from the cluster (ISO 8601).",
            "type": "string",
            "format": "date-time"
          },
          "runbook": {
            "description": "Runbook section for a warning or critical cell, relative to the portal's docs.",
            "type": "string"
          }
        },
        "required": [
          "status",
          "summary",
          "fetchedAt"
        ]
      },
      "FleetClusterSummary": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "provider": {
            "type": "string"
          },
          "region": {
            "type": "string"
          },
          "upgradeRing": {
            "type": "string"
          }
        },
        "required": [
          "name",
          "title",
          "provider",
          "region",
          "upgradeRing"
        ]
      },
      "FleetRow": {
        "type": "object",
        "properties": {
          "cluster": {
            "$ref": "#/components/schemas/FleetClusterSummary"
          },
          "cells": {
            "description": "By source id (`argocd`, `slo`, …).",
            "type": "object",
            "additionalProperties": {
              "$ref": "#/components/schemas/FleetCell"
            }
          },
          "headroom": {
            "$ref": "#/components/schemas/Headroom"
          }
        },
        "required": [
          "cluster",
          "cells"
        ]
      },
      "Headroom": {
        "description": "N-1 headroom: could the clusters that answer absorb this cluster's replicas if it were lost? Judged from the clusters that answered (one that did not adds no room); for a cluster that did not answer, from its last answer (`lastAnsweredAt`).",
        "type": "object",
        "properties": {
          "needed": {
            "description": "Replicas this cluster runs (or ran at its last answer).",
            "type": "number"
          },
          "spare": {
            "description": "Room the answering others have left under their HPA maximums.",
            "type": [
              "number",
              "null"
            ]
          },
          "enough": {
            "description": "null: cannot tell (this cluster never answered).",
            "type": [
              "boolean",
              "null"
            ]
          },
          "reason": {
            "type": "string"
          },
          "lastAnsweredAt": {
            "description": "The cluster did not answer now: `needed` is from its answer at this time.",
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "needed",
          "spare",
          "enough",
          "reason"
        ]
      },
      "FailoverReadiness": {
        "description": "Would the product survive losing any one cloud, and why (not).",
        "type": "object",
        "properties": {
          "verdict": {
            "type": "string",
            "enum": [
              "ready",
              "not-ready",
              "unknown"
            ]
          },
          "reasons": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        },
        "required": [
          "verdict",
          "reasons"
        ]
      },
      "EntityFleet": {
        "type": "object",
        "properties": {
          "entityRef": {
            "type": "string"
          },
          "readiness": {
            "description": "Whether the entity would survive losing any one cluster.",
            "$ref": "#/components/schemas/FailoverReadiness"
          },
          "sources": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "id": {
                  "type": "string"
                },
                "title": {
                  "type": "string"
                }
              },
              "required": [
                "id",
                "title"
              ]
            }
          },
          "rows": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/FleetRow"
            }
          },
          "generatedAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "entityRef",
          "sources",
          "rows",
          "generatedAt"
        ]
      },
      "OverviewCell": {
        "description": "One product on one cluster, for the fleet overview.",
        "type": "object",
        "properties": {
          "status": {
            "$ref": "#/components/schemas/CellStatus"
          },
          "revisions": {
            "description": "Revisions Argo CD reports as deployed there.",
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "summary": {
            "type": "string"
          },
          "share": {
            "description": "Share of the product's entry-point traffic there (0–1), when known.",
            "type": "number",
            "minimum": 0,
            "maximum": 1
          },
          "drained": {
            "description": "The cluster is drained from the product's entry point.",
            "type": "boolean"
          },
          "slo": {
            "description": "The product's SLO verdict there on its own: critical is paging (page-level burn), warning is burning (ticket-level), unknown when the SLO source did not answer.",
            "$ref": "#/components/schemas/CellStatus"
          }
        },
        "required": [
          "status",
          "revisions",
          "summary"
        ]
      },
      "OverviewProduct": {
        "type": "object",
        "properties": {
          "entityRef": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "owner": {
            "description": "The owning group (entity ref), as the catalog holds it.",
            "type": "string"
          },
          "cells": {
            "description": "By cluster name.",
            "type": "object",
            "additionalProperties": {
              "$ref": "#/components/schemas/OverviewCell"
            }
          },
          "drift": {
            "description": "The product runs different revisions on different clusters.",
            "type": "boolean"
          },
          "driftReason": {
            "type": "string"
          }
        },
        "required": [
          "entityRef",
          "title",
          "cells",
          "drift"
        ]
      },
      "PolicySet": {
        "description": "The platform's Kyverno policy set on a cluster, from the Argo CD Application that applies it: the infra repo revision deployed and the one Argo CD compares with; or why it is not known.",
        "type": "object",
        "properties": {
          "application": {
            "type": "string"
          },
          "revision": {
            "description": "Deployed infra repo revision (full SHA).",
            "type": "string"
          },
          "targetRevision": {
            "description": "The revision Argo CD compares the cluster with.",
            "type": "string"
          },
          "sync": {
            "type": "string"
          },
          "health": {
            "type": "string"
          },
          "url": {
            "description": "The Application in the Argo CD UI.",
            "type": "string"
          },
          "error": {
            "description": "Why the policy set is not known (the others are then absent).",
            "type": "string"
          }
        }
      },
      "OverviewCluster": {
        "allOf": [
          {
            "$ref": "#/components/schemas/FleetClusterSummary"
          },
          {
            "type": "object",
            "properties": {
              "status": {
                "description": "Worst of the cluster's health checks; a check that did not answer is critical (as on the cluster's own page).",
                "$ref": "#/components/schemas/CellStatus"
              },
              "policySet": {
                "$ref": "#/components/schemas/PolicySet"
              }
            }
          }
        ]
      },
      "FleetOverview": {
        "type": "object",
        "properties": {
          "clusters": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/OverviewCluster"
            }
          },
          "products": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/OverviewProduct"
            }
          },
          "policyDrift": {
            "description": "The clusters run different revisions of the policy set.",
            "type": "boolean"
          },
          "policyDriftReason": {
            "type": "string"
          },
          "generatedAt": {
            "type": "string",
            "format": "date-time"
          },
          "summary": {
            "$ref": "#/components/schemas/OverviewSummary"
          },
          "page": {
            "description": "Where `products` sits among the matching products.",
            "type": "object",
            "properties": {
              "total": {
                "type": "integer"
              },
              "offset": {
                "type": "integer"
              },
              "limit": {
                "type": "integer"
              }
            },
            "required": [
              "total",
              "offset",
              "limit"
            ]
          },
          "facets": {
            "description": "What the filters can take, over every product the user may see.",
            "type": "object",
            "properties": {
              "teams": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "providers": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "rings": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            },
            "required": [
              "teams",
              "providers",
              "rings"
            ]
          }
        },
        "required": [
          "clusters",
          "products",
          "policyDrift",
          "generatedAt"
        ]
      },
      "OverviewSummary": {
        "description": "Counts over every product the filters match (not only the page).",
        "type": "object",
        "properties": {
          "products": {
            "type": "integer"
          },
          "critical": {
            "type": "integer"
          },
          "warning": {
            "type": "integer"
          },
          "unknown": {
            "type": "integer"
          },
          "drift": {
            "type": "integer"
          },
          "paging": {
            "description": "Products whose SLO pages (page-level burn) on a shown cluster.",
            "type": "integer"
          },
          "burning": {
            "description": "Products whose SLO burns at ticket level (and none pages) on a shown cluster.",
            "type": "integer"
          }
        },
        "required": [
          "products",
          "critical",
          "warning",
          "unknown",
          "drift",
          "paging",
          "burning"
        ]
      },
      "ClusterFleet": {
        "description": "One cluster (a registry Resource), its registry fields, whether each upstream the portal reads on it answers, and the products running there.",
        "type": "object",
        "properties": {
          "entityRef": {
            "type": "string"
          },
          "cluster": {
            "$ref": "#/components/schemas/FleetClusterSummary"
          },
          "registry": {
            "description": "The registry entry's spec, as the catalog holds it.",
            "type": "object",
            "additionalProperties": true
          },
          "status": {
            "description": "Worst of the health checks; a check that did not answer is critical.",
            "$ref": "#/components/schemas/CellStatus"
          },
          "health": {
            "description": "One check per source that can probe its upstream, by source id.",
            "type": "object",
            "additionalProperties": {
              "$ref": "#/components/schemas/FleetCell"
            }
          },
          "sources": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "id": {
                  "type": "string"
                },
                "title": {
                  "type": "string"
                }
              },
              "required": [
                "id",
                "title"
              ]
            }
          },
          "products": {
            "description": "Products (Systems) deployed here that the user may see.",
            "type": "array",
            "items": {
              "allOf": [
                {
                  "type": "object",
                  "properties": {
                    "entityRef": {
                      "type": "string"
                    },
                    "title": {
                      "type": "string"
                    }
                  },
                  "required": [
                    "entityRef",
                    "title"
                  ]
                },
                {
                  "$ref": "#/components/schemas/OverviewCell"
                }
              ]
            }
          },
          "generatedAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "entityRef",
          "cluster",
          "registry",
          "status",
          "health",
          "sources",
          "products",
          "generatedAt"
        ]
      }
    }
  },
  "paths": {
    "/clusters/{name}": {
      "get": {
        "operationId": "GetClusterFleet",
        "description": "One cluster of the registry: its registry fields, whether each upstream the portal reads there (Kubernetes API, Argo CD, Prometheus) answers, and the products deployed on it that the user may see.",
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[a-z0-9][-a-z0-9]*$",
              "maxLength": 63
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The cluster's health and products.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ClusterFleet"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "403": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/overview": {
      "get": {
        "operationId": "GetOverview",
        "description": "Every product (System with trinity.io/clusters) the user may see, by cluster: the worst status of its cells and the revisions deployed, with version drift flagged. Filtered and paged on the server: the products that need attention first (critical, warning, unknown, drift), then by title; `summary` counts every matching product, not only the page. Without `limit`, every matching product.",
        "parameters": [
          {
            "name": "team",
            "in": "query",
            "description": "Only products owned by this group (entity ref).",
            "schema": {
              "type": "string",
              "maxLength": 255
            }
          },
          {
            "name": "status",
            "in": "query",
            "description": "Only products whose worst cell (on the shown clusters) has this status.",
            "schema": {
              "$ref": "#/components/schemas/CellStatus"
            }
          },
          {
            "name": "provider",
            "in": "query",
            "description": "Only these clusters (and the products on them).",
            "schema": {
              "type": "string",
              "enum": [
                "aws",
                "gcp",
                "azure"
              ]
            }
          },
          {
            "name": "ring",
            "in": "query",
            "description": "Only clusters of this upgrade ring (and the products on them).",
            "schema": {
              "type": "string",
              "pattern": "^[-a-z0-9]+$",
              "maxLength": 63
            }
          },
          {
            "name": "problems",
            "in": "query",
            "description": "Only products that need attention (critical, warning, unknown or drift).",
            "schema": {
              "type": "boolean"
            }
          },
          {
            "name": "offset",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 0
            }
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 500
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Products × clusters.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/FleetOverview"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/entities/{kind}/{namespace}/{name}": {
      "get": {
        "operationId": "GetEntityFleet",
        "description": "The fleet view of one catalog entity (Component or System).",
        "parameters": [
          {
            "name": "kind",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[a-zA-Z][a-zA-Z0-9]*$"
            }
          },
          {
            "name": "namespace",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[a-z0-9][-a-z0-9]*$"
            }
          },
          {
            "name": "name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[a-zA-Z0-9][-a-zA-Z0-9._]*$",
              "maxLength": 63
            }
          }
        ],
        "responses": {
          "200": {
            "description": "One row per cluster the entity runs on.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EntityFleet"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "403": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    }
  }
} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);

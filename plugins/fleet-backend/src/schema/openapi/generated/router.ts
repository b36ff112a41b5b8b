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
    "description": "Trinity's fleet view: for a catalog entity, one row per cluster it runs on, one cell per signal source. Every cell answers within the deadline; a cluster that is down or slow is an error cell in its own row."
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
        "type": "string",
        "enum": [
          "ok",
          "warning",
          "critical",
          "unknown"
        ]
      },
      "Cell": {
        "type": "object",
        "properties": {
          "status": {
            "$ref": "#/components/schemas/CellStatus"
          },
          "summary": {
            "type": "string"
          },
          "data": {
            "type": "object",
            "additionalProperties": true
          },
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
          "fetchedAt": {
            "type": "string",
            "format": "date-time"
          },
          "runbook": {
            "type": "string"
          }
        },
        "required": [
          "status",
          "summary",
          "fetchedAt"
        ]
      },
      "ClusterSummary": {
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
      "Row": {
        "type": "object",
        "properties": {
          "cluster": {
            "$ref": "#/components/schemas/ClusterSummary"
          },
          "cells": {
            "type": "object",
            "additionalProperties": {
              "$ref": "#/components/schemas/Cell"
            }
          }
        },
        "required": [
          "cluster",
          "cells"
        ]
      },
      "Readiness": {
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
            "$ref": "#/components/schemas/Readiness"
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
              "$ref": "#/components/schemas/Row"
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
        "type": "object",
        "properties": {
          "status": {
            "$ref": "#/components/schemas/CellStatus"
          },
          "revisions": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "summary": {
            "type": "string"
          },
          "share": {
            "type": "number",
            "minimum": 0,
            "maximum": 1
          },
          "drained": {
            "type": "boolean"
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
          "cells": {
            "type": "object",
            "additionalProperties": {
              "$ref": "#/components/schemas/OverviewCell"
            }
          },
          "drift": {
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
      "Overview": {
        "type": "object",
        "properties": {
          "clusters": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ClusterSummary"
            }
          },
          "products": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/OverviewProduct"
            }
          },
          "generatedAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "clusters",
          "products",
          "generatedAt"
        ]
      },
      "ClusterFleet": {
        "type": "object",
        "properties": {
          "entityRef": {
            "type": "string"
          },
          "cluster": {
            "$ref": "#/components/schemas/ClusterSummary"
          },
          "registry": {
            "type": "object",
            "additionalProperties": true
          },
          "status": {
            "$ref": "#/components/schemas/CellStatus"
          },
          "health": {
            "type": "object",
            "additionalProperties": {
              "$ref": "#/components/schemas/Cell"
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
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "entityRef": {
                  "type": "string"
                },
                "title": {
                  "type": "string"
                },
                "status": {
                  "$ref": "#/components/schemas/CellStatus"
                },
                "revisions": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                },
                "summary": {
                  "type": "string"
                }
              },
              "required": [
                "entityRef",
                "title",
                "status",
                "revisions",
                "summary"
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
        "description": "Every product (System with trinity.io/clusters) the user may see, by cluster: the worst status of its cells and the revisions deployed, with version drift flagged.",
        "responses": {
          "200": {
            "description": "Products × clusters.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Overview"
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

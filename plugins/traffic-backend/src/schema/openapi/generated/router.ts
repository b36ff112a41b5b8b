// This file is generated from src/schema/openapi.yaml by
// scripts/openapi-generate.mjs. Do not edit it; edit the spec and run
// `yarn workspace @internal/plugin-traffic-backend generate`.
/* eslint-disable */
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = {
  "openapi": "3.1.0",
  "info": {
    "title": "traffic",
    "version": "1",
    "description": "Trinity's traffic control: a product's global entry point at its DNS or load-balancing provider, and the failover button — drain, restore or re-weight a cluster, previewed, guarded by safety rules, applied with compare-and-set, audited and kept in a history."
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "components": {
    "parameters": {
      "kind": {
        "name": "kind",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "pattern": "^[a-zA-Z][a-zA-Z0-9]*$"
        }
      },
      "namespace": {
        "name": "namespace",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "pattern": "^[a-z0-9][-a-z0-9]*$"
        }
      },
      "name": {
        "name": "name",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "pattern": "^[a-zA-Z0-9][-a-zA-Z0-9._]*$",
          "maxLength": 63
        }
      }
    },
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
      "ClusterName": {
        "type": "string",
        "description": "A registered cluster's name (a DNS label).",
        "pattern": "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
      },
      "Weights": {
        "type": "object",
        "description": "Weight per cluster, whole numbers from 0 (drained) to 255.",
        "propertyNames": {
          "$ref": "#/components/schemas/ClusterName"
        },
        "additionalProperties": {
          "type": "integer",
          "minimum": 0,
          "maximum": 255
        }
      },
      "ActionRequest": {
        "type": "object",
        "description": "A drain or restore names its cluster; a weights change names the weights (at least one cluster).",
        "properties": {
          "kind": {
            "type": "string",
            "enum": [
              "drain",
              "restore",
              "weights"
            ]
          },
          "cluster": {
            "$ref": "#/components/schemas/ClusterName"
          },
          "weights": {
            "allOf": [
              {
                "$ref": "#/components/schemas/Weights"
              }
            ],
            "minProperties": 1
          },
          "reason": {
            "type": "string",
            "minLength": 1,
            "maxLength": 500
          },
          "expiresInMinutes": {
            "type": "integer",
            "minimum": 1,
            "maximum": 10080
          },
          "force": {
            "type": "boolean"
          },
          "expectedVersion": {
            "type": "string"
          }
        },
        "required": [
          "kind",
          "reason"
        ],
        "additionalProperties": false,
        "allOf": [
          {
            "if": {
              "properties": {
                "kind": {
                  "const": "weights"
                }
              }
            },
            "then": {
              "required": [
                "weights"
              ]
            },
            "else": {
              "required": [
                "cluster"
              ]
            }
          }
        ]
      },
      "Record": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          },
          "type": {
            "type": "string"
          },
          "ttl": {
            "type": "number"
          },
          "content": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "setIdentifier": {
            "type": "string"
          },
          "weight": {
            "type": "number"
          }
        },
        "required": [
          "name",
          "type",
          "content"
        ]
      },
      "SafetyCheck": {
        "type": "object",
        "properties": {
          "id": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "status": {
            "type": "string",
            "enum": [
              "pass",
              "fail"
            ]
          },
          "detail": {
            "type": "string"
          },
          "overridable": {
            "type": "boolean"
          }
        },
        "required": [
          "id",
          "title",
          "status",
          "detail",
          "overridable"
        ]
      },
      "Preview": {
        "type": "object",
        "properties": {
          "action": {
            "type": "object",
            "additionalProperties": true
          },
          "version": {
            "type": "string"
          },
          "weightsBefore": {
            "$ref": "#/components/schemas/Weights"
          },
          "weightsAfter": {
            "$ref": "#/components/schemas/Weights"
          },
          "recordsBefore": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Record"
            }
          },
          "recordsAfter": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Record"
            }
          },
          "checks": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/SafetyCheck"
            }
          },
          "allowed": {
            "type": "boolean"
          }
        },
        "required": [
          "action",
          "version",
          "weightsBefore",
          "weightsAfter",
          "recordsBefore",
          "recordsAfter",
          "checks",
          "allowed"
        ]
      },
      "HistoryEntry": {
        "type": "object",
        "properties": {
          "id": {
            "type": "string"
          },
          "entryPoint": {
            "type": "string"
          },
          "kind": {
            "type": "string"
          },
          "cluster": {
            "type": "string"
          },
          "actor": {
            "type": "string"
          },
          "reason": {
            "type": "string"
          },
          "outcome": {
            "type": "string",
            "enum": [
              "applied",
              "refused",
              "conflict",
              "failed",
              "pending"
            ]
          },
          "error": {
            "type": "string"
          },
          "weightsBefore": {
            "$ref": "#/components/schemas/Weights"
          },
          "weightsAfter": {
            "$ref": "#/components/schemas/Weights"
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "id",
          "entryPoint",
          "kind",
          "actor",
          "reason",
          "outcome",
          "weightsBefore",
          "weightsAfter",
          "createdAt"
        ]
      },
      "Drain": {
        "type": "object",
        "properties": {
          "actionId": {
            "type": "string"
          },
          "actor": {
            "type": "string"
          },
          "reason": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "actionId",
          "actor",
          "reason",
          "createdAt"
        ]
      },
      "ActionResult": {
        "type": "object",
        "properties": {
          "outcome": {
            "type": "string",
            "enum": [
              "applied",
              "refused",
              "conflict",
              "failed",
              "pending"
            ]
          },
          "replayed": {
            "type": "boolean"
          },
          "entry": {
            "$ref": "#/components/schemas/HistoryEntry"
          },
          "pendingChange": {
            "type": "object",
            "additionalProperties": true
          },
          "warning": {
            "description": "Said with an applied change whose history entry is not written yet.",
            "type": "string"
          }
        },
        "required": [
          "outcome",
          "replayed",
          "entry"
        ]
      },
      "SyncRequest": {
        "type": "object",
        "properties": {
          "cluster": {
            "$ref": "#/components/schemas/ClusterName"
          },
          "paused": {
            "type": "boolean"
          },
          "reason": {
            "type": "string",
            "minLength": 1,
            "maxLength": 500
          }
        },
        "required": [
          "cluster",
          "paused",
          "reason"
        ],
        "additionalProperties": false
      },
      "TrafficView": {
        "type": "object",
        "properties": {
          "state": {
            "type": "object",
            "description": "EntryPointState (see traffic-common model.ts).",
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
          "drains": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Drain"
            }
          },
          "history": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/HistoryEntry"
            }
          },
          "permission": {
            "type": "object",
            "properties": {
              "allowed": {
                "type": "boolean"
              },
              "reason": {
                "type": "string"
              }
            },
            "required": [
              "allowed"
            ]
          }
        },
        "required": [
          "drains",
          "history",
          "permission"
        ]
      }
    }
  },
  "paths": {
    "/entities/{kind}/{namespace}/{name}": {
      "get": {
        "operationId": "GetTrafficView",
        "description": "The product's entry point as its provider holds it now (per cluster: target, weight, provider health, share), active drains, history, and whether the signed-in user may shift its traffic. A provider that cannot be read is an error in place of the state.",
        "parameters": [
          {
            "$ref": "#/components/parameters/kind"
          },
          {
            "$ref": "#/components/parameters/namespace"
          },
          {
            "$ref": "#/components/parameters/name"
          }
        ],
        "responses": {
          "200": {
            "description": "The entry point's state.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TrafficView"
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
          },
          "503": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/entities/{kind}/{namespace}/{name}/preview": {
      "post": {
        "operationId": "PreviewTrafficAction",
        "description": "What an action would do: weights and provider records before and after, every safety check, and whether it is allowed. Changes nothing.",
        "parameters": [
          {
            "$ref": "#/components/parameters/kind"
          },
          {
            "$ref": "#/components/parameters/namespace"
          },
          {
            "$ref": "#/components/parameters/name"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ActionRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The preview.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Preview"
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
          },
          "503": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/entities/{kind}/{namespace}/{name}/actions": {
      "post": {
        "operationId": "ApplyTrafficAction",
        "description": "Applies an action with compare-and-set against `expectedVersion` (from the preview) under the entry point's lock. The Idempotency-Key header makes a retry return the first attempt's result instead of acting twice; the key is bound to the request (method, path, body), so the same key with another body is refused (422). 409 when the entry point changed since the preview or a safety check fails; 503 when the provider did not take the change.",
        "parameters": [
          {
            "$ref": "#/components/parameters/kind"
          },
          {
            "$ref": "#/components/parameters/namespace"
          },
          {
            "$ref": "#/components/parameters/name"
          },
          {
            "name": "Idempotency-Key",
            "in": "header",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 8,
              "maxLength": 128
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ActionRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Applied, or the replay of an earlier attempt with the same key.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ActionResult"
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
          },
          "409": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "413": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "422": {
            "description": "The Idempotency-Key was used with another request (method, path or body); nothing was done.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/entities/{kind}/{namespace}/{name}/sync": {
      "get": {
        "operationId": "GetAutoSync",
        "description": "Argo CD auto-sync of the product's applications per cluster it runs on (ClusterSync in traffic-common); a cluster whose Argo CD cannot be read has its error in place.",
        "parameters": [
          {
            "$ref": "#/components/parameters/kind"
          },
          {
            "$ref": "#/components/parameters/namespace"
          },
          {
            "$ref": "#/components/parameters/name"
          }
        ],
        "responses": {
          "200": {
            "description": "Auto-sync by cluster.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "additionalProperties": {
                    "type": "object",
                    "additionalProperties": true
                  }
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
      },
      "post": {
        "operationId": "ToggleAutoSync",
        "description": "The second kill switch: pause or resume Argo CD auto-sync for the product's applications on one cluster. Same guard rails as a traffic change: permission, reason, idempotency key, audit and history; resume restores the settings from before the pause. 409 when it is already in the asked state.",
        "parameters": [
          {
            "$ref": "#/components/parameters/kind"
          },
          {
            "$ref": "#/components/parameters/namespace"
          },
          {
            "$ref": "#/components/parameters/name"
          },
          {
            "name": "Idempotency-Key",
            "in": "header",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 8,
              "maxLength": 128
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SyncRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Applied, or the replay of an earlier attempt with the same key.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ActionResult"
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
          },
          "409": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "413": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "422": {
            "description": "The Idempotency-Key was used with another request (method, path or body); nothing was done.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
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

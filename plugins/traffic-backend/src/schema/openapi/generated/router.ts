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
    "description": "Trinity's traffic control: a product's global entry point at its DNS or load-balancing provider, and the failover button — drain, restore or re-weight a cluster, previewed, guarded by safety rules, applied with compare-and-set, audited and kept in a history.",
    "x-client-package": "@internal/plugin-traffic-common"
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
      },
      "cluster": {
        "name": "cluster",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "pattern": "^[a-z0-9][-a-z0-9]*$",
          "maxLength": 63
        }
      },
      "runId": {
        "name": "id",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "pattern": "^[0-9a-f-]{36}$"
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
      "TrafficActionKind": {
        "type": "string",
        "enum": [
          "drain",
          "restore",
          "weights"
        ]
      },
      "TrafficAction": {
        "description": "What an action does, without why.",
        "oneOf": [
          {
            "type": "object",
            "properties": {
              "kind": {
                "const": "drain"
              },
              "cluster": {
                "type": "string"
              }
            },
            "required": [
              "kind",
              "cluster"
            ]
          },
          {
            "type": "object",
            "properties": {
              "kind": {
                "const": "restore"
              },
              "cluster": {
                "type": "string"
              }
            },
            "required": [
              "kind",
              "cluster"
            ]
          },
          {
            "type": "object",
            "properties": {
              "kind": {
                "const": "weights"
              },
              "weights": {
                "$ref": "#/components/schemas/Weights"
              }
            },
            "required": [
              "kind",
              "weights"
            ]
          }
        ]
      },
      "ActionRequestBody": {
        "type": "object",
        "description": "A drain or restore names its cluster; a weights change names the weights (at least one cluster).",
        "properties": {
          "kind": {
            "$ref": "#/components/schemas/TrafficActionKind"
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
            "description": "Auto-restore a drain after this many minutes.",
            "type": "integer",
            "minimum": 1,
            "maximum": 10080
          },
          "force": {
            "description": "Go ahead although an overridable check fails; needs `reason` to say why.",
            "type": "boolean"
          },
          "expectedVersion": {
            "description": "The entry point's version from the preview (compare-and-set).",
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
      "ProviderRecord": {
        "type": "object",
        "description": "A DNS or load-balancer record as the provider holds it, printable.",
        "properties": {
          "name": {
            "description": "What the record is, e.g. `shop.trinity.example. LUA A` or `pool aws-use1-prod-01`.",
            "type": "string"
          },
          "type": {
            "type": "string"
          },
          "ttl": {
            "type": "number"
          },
          "content": {
            "description": "The record's value(s) exactly as written to the provider.",
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "setIdentifier": {
            "description": "Route 53 set identifier, Cloudflare pool id, …",
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
      "ProviderHealth": {
        "type": "string",
        "enum": [
          "healthy",
          "unhealthy",
          "unknown"
        ]
      },
      "SafetyCheck": {
        "type": "object",
        "properties": {
          "id": {
            "type": "string",
            "enum": [
              "keeps-a-target",
              "min-healthy",
              "receivers-healthy",
              "receivers-not-burning",
              "headroom",
              "cooldown",
              "changes-something"
            ]
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
            "description": "`force` with a reason may override it (headroom only).",
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
            "$ref": "#/components/schemas/TrafficAction"
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
              "$ref": "#/components/schemas/ProviderRecord"
            }
          },
          "recordsAfter": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ProviderRecord"
            }
          },
          "checks": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/SafetyCheck"
            }
          },
          "allowed": {
            "description": "Every check passes, or only overridable ones fail and `force` is set.",
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
      "ActionOutcome": {
        "description": "`pending`: recorded before the provider write and not settled yet (the provider did not answer in time, or the replica stopped mid-change); the portal settles it from the provider's records within a minute.",
        "type": "string",
        "enum": [
          "applied",
          "refused",
          "conflict",
          "failed",
          "pending"
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
            "type": "string",
            "enum": [
              "drain",
              "restore",
              "weights",
              "expire",
              "sync-pause",
              "sync-resume",
              "promote",
              "promotions-pause",
              "promotions-resume",
              "rollout-abort"
            ]
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
            "$ref": "#/components/schemas/ActionOutcome"
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
          "pullRequestUrl": {
            "description": "The pull request a release action opened on the infra repo.",
            "type": "string"
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
            "description": "Auto-restore time, when the drain carries one.",
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
      "ClusterTraffic": {
        "type": "object",
        "properties": {
          "cluster": {
            "type": "string"
          },
          "target": {
            "type": "string"
          },
          "weight": {
            "type": "number"
          },
          "health": {
            "$ref": "#/components/schemas/ProviderHealth"
          },
          "healthDetail": {
            "type": "string"
          },
          "share": {
            "description": "Share of new resolutions/requests this cluster gets now (0–1).",
            "type": "number"
          },
          "drain": {
            "$ref": "#/components/schemas/Drain"
          }
        },
        "required": [
          "cluster",
          "target",
          "weight",
          "health",
          "share"
        ]
      },
      "PendingChange": {
        "type": "object",
        "properties": {
          "id": {
            "type": "string"
          },
          "status": {
            "type": "string",
            "enum": [
              "PENDING",
              "INSYNC"
            ]
          },
          "submittedAt": {
            "type": "string"
          }
        },
        "required": [
          "id",
          "status"
        ]
      },
      "EntryPointState": {
        "type": "object",
        "properties": {
          "entityRef": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "provider": {
            "type": "string"
          },
          "tier": {
            "type": "string"
          },
          "ttl": {
            "type": "number"
          },
          "version": {
            "description": "Changes whenever the provider's records change, the compare-and-set token.",
            "type": "string"
          },
          "clusters": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ClusterTraffic"
            }
          },
          "records": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ProviderRecord"
            }
          },
          "pendingChange": {
            "$ref": "#/components/schemas/PendingChange"
          },
          "fetchedAt": {
            "type": "string"
          }
        },
        "required": [
          "entityRef",
          "name",
          "provider",
          "tier",
          "version",
          "clusters",
          "records",
          "fetchedAt"
        ]
      },
      "ActionResult": {
        "type": "object",
        "properties": {
          "outcome": {
            "$ref": "#/components/schemas/ActionOutcome"
          },
          "replayed": {
            "description": "True when the idempotency key had been used, so nothing was done again.",
            "type": "boolean"
          },
          "entry": {
            "$ref": "#/components/schemas/HistoryEntry"
          },
          "pendingChange": {
            "$ref": "#/components/schemas/PendingChange"
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
      "ClusterSync": {
        "type": "object",
        "description": "Argo CD auto-sync of a product's applications on one cluster.",
        "properties": {
          "paused": {
            "description": "Every application's auto-sync is off (the kill switch is on).",
            "type": "boolean"
          },
          "apps": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "name": {
                  "type": "string"
                },
                "automated": {
                  "type": "boolean"
                }
              },
              "required": [
                "name",
                "automated"
              ]
            }
          },
          "error": {
            "description": "Why it could not be read, in place of it.",
            "type": "string"
          }
        },
        "required": [
          "paused",
          "apps"
        ]
      },
      "ClusterSyncs": {
        "type": "object",
        "description": "Auto-sync by cluster name.",
        "additionalProperties": {
          "$ref": "#/components/schemas/ClusterSync"
        }
      },
      "PromoteRequest": {
        "type": "object",
        "properties": {
          "service": {
            "type": "string",
            "minLength": 1,
            "maxLength": 63
          },
          "ring": {
            "description": "The ring to promote to (`ring-1`); the previous ring's tag is copied to it.",
            "type": "string",
            "minLength": 1,
            "maxLength": 63
          },
          "reason": {
            "type": "string",
            "minLength": 1,
            "maxLength": 500
          }
        },
        "required": [
          "service",
          "ring",
          "reason"
        ],
        "additionalProperties": false
      },
      "PromotionsRequest": {
        "type": "object",
        "properties": {
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
          "paused",
          "reason"
        ],
        "additionalProperties": false
      },
      "AbortRequest": {
        "type": "object",
        "properties": {
          "service": {
            "type": "string",
            "minLength": 1,
            "maxLength": 63
          },
          "cluster": {
            "$ref": "#/components/schemas/ClusterName"
          },
          "reason": {
            "type": "string",
            "minLength": 1,
            "maxLength": 500
          }
        },
        "required": [
          "service",
          "cluster",
          "reason"
        ],
        "additionalProperties": false
      },
      "ReleaseCluster": {
        "type": "object",
        "description": "One service's Argo CD application on one cluster of a ring.",
        "properties": {
          "cluster": {
            "type": "string"
          },
          "app": {
            "description": "The Argo CD application, when there is one.",
            "type": "string"
          },
          "sync": {
            "type": "string"
          },
          "health": {
            "type": "string"
          },
          "runsTag": {
            "description": "Argo CD reports the ring's image and tag among the application's images.",
            "type": "boolean"
          },
          "images": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "abortable": {
            "description": "Argo CD offers to abort the service's Rollout here (a canary is in progress).",
            "type": "boolean"
          },
          "error": {
            "description": "Why the application could not be read, in place of it.",
            "type": "string"
          }
        },
        "required": [
          "cluster",
          "runsTag",
          "images",
          "abortable"
        ]
      },
      "ReleaseRing": {
        "type": "object",
        "properties": {
          "ring": {
            "type": "string"
          },
          "tag": {
            "type": "string"
          },
          "clusters": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ReleaseCluster"
            }
          }
        },
        "required": [
          "ring",
          "tag",
          "clusters"
        ]
      },
      "ServiceRelease": {
        "type": "object",
        "properties": {
          "service": {
            "type": "string"
          },
          "image": {
            "type": "string"
          },
          "file": {
            "description": "The service's file in the infra repo.",
            "type": "string"
          },
          "rings": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ReleaseRing"
            }
          },
          "promotion": {
            "description": "The next promotion: the first ring whose tag differs from the previous ring's, and whether the previous ring is Synced and Healthy on its tag on every cluster (why not, in words).",
            "type": "object",
            "properties": {
              "from": {
                "type": "string"
              },
              "to": {
                "type": "string"
              },
              "tag": {
                "type": "string"
              },
              "ready": {
                "type": "boolean"
              },
              "reason": {
                "type": "string"
              }
            },
            "required": [
              "from",
              "to",
              "tag",
              "ready",
              "reason"
            ]
          }
        },
        "required": [
          "service",
          "image",
          "file",
          "rings"
        ]
      },
      "ReleasePullRequest": {
        "type": "object",
        "properties": {
          "url": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "branch": {
            "type": "string"
          }
        },
        "required": [
          "url",
          "title",
          "branch"
        ]
      },
      "ReleaseView": {
        "type": "object",
        "description": "Which version runs in which ring, and what can be promoted, paused or aborted.",
        "properties": {
          "paused": {
            "description": "Promotions of the product are paused (its promotions.yaml).",
            "type": "boolean"
          },
          "promotionsFile": {
            "type": "string"
          },
          "services": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ServiceRelease"
            }
          },
          "pullRequests": {
            "description": "Open release pull requests of the product on the infra repo.",
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ReleasePullRequest"
            }
          },
          "problems": {
            "description": "Release files that could not be read, in words.",
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "error": {
            "description": "Why the infra repo could not be read, in place of the rest.",
            "type": "string"
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
          "paused",
          "promotionsFile",
          "services",
          "pullRequests",
          "problems",
          "permission"
        ]
      },
      "TrafficView": {
        "type": "object",
        "description": "What the failover panel needs in one answer.",
        "properties": {
          "state": {
            "$ref": "#/components/schemas/EntryPointState"
          },
          "error": {
            "description": "Why the state could not be read, in place of it.",
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
            "description": "Whether the signed-in user may shift this product's traffic, and why not.",
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
      },
      "EvacuationPlanEntry": {
        "type": "object",
        "description": "One entry point that has the cluster as a target, and what evacuating it would do.",
        "properties": {
          "entityRef": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "owner": {
            "type": "string"
          },
          "entryPoint": {
            "type": "string"
          },
          "version": {
            "description": "The entry point's version when planned; the run applies only if it is unchanged.",
            "type": "string"
          },
          "weightsBefore": {
            "$ref": "#/components/schemas/Weights"
          },
          "weightsAfter": {
            "$ref": "#/components/schemas/Weights"
          },
          "checks": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/SafetyCheck"
            }
          },
          "allowed": {
            "type": "boolean"
          },
          "skipReason": {
            "description": "Why a run would skip this entry point (the failing checks, or why it could not be read).",
            "type": "string"
          }
        },
        "required": [
          "entityRef",
          "title",
          "entryPoint",
          "weightsBefore",
          "weightsAfter",
          "checks",
          "allowed"
        ]
      },
      "EvacuationPlan": {
        "type": "object",
        "properties": {
          "cluster": {
            "type": "string"
          },
          "entries": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/EvacuationPlanEntry"
            }
          },
          "generatedAt": {
            "type": "string"
          }
        },
        "required": [
          "cluster",
          "entries",
          "generatedAt"
        ]
      },
      "EvacuationRequestBody": {
        "type": "object",
        "properties": {
          "mode": {
            "description": "`run` moves traffic; `rehearsal` checks and predicts, and writes nothing.",
            "type": "string",
            "enum": [
              "run",
              "rehearsal"
            ]
          },
          "reason": {
            "type": "string",
            "minLength": 1,
            "maxLength": 500
          },
          "confirmCluster": {
            "description": "The cluster's name, typed again.",
            "type": "string",
            "maxLength": 63
          },
          "continueOnRefusal": {
            "description": "Go on with the other entry points when one is refused (else the run stops there).",
            "type": "boolean"
          },
          "freeze": {
            "description": "Pause Argo CD auto-sync of every product on the cluster after the drains (default true); returning traffic resumes it.",
            "type": "boolean"
          },
          "freezeHours": {
            "description": "How long the freeze lasts unless traffic is returned first (default 24): at expiry the portal resumes exactly what the freeze paused.",
            "type": "number",
            "minimum": 1,
            "maximum": 168
          }
        },
        "required": [
          "mode",
          "reason",
          "confirmCluster"
        ],
        "additionalProperties": false
      },
      "ReturnTrafficBody": {
        "type": "object",
        "properties": {
          "reason": {
            "type": "string",
            "minLength": 1,
            "maxLength": 500
          }
        },
        "required": [
          "reason"
        ],
        "additionalProperties": false
      },
      "EvacuationStep": {
        "type": "object",
        "properties": {
          "id": {
            "type": "string"
          },
          "kind": {
            "type": "string",
            "enum": [
              "preflight",
              "entry-point",
              "freeze",
              "unfreeze",
              "verify"
            ]
          },
          "title": {
            "type": "string"
          },
          "entityRef": {
            "type": "string"
          },
          "entryPoint": {
            "type": "string"
          },
          "version": {
            "type": "string"
          },
          "status": {
            "type": "string",
            "enum": [
              "pending",
              "passed",
              "applied",
              "skipped",
              "refused",
              "conflict",
              "failed",
              "verified",
              "predicted"
            ]
          },
          "detail": {
            "type": "string"
          },
          "weightsBefore": {
            "$ref": "#/components/schemas/Weights"
          },
          "weightsAfter": {
            "$ref": "#/components/schemas/Weights"
          },
          "actionId": {
            "type": "string"
          },
          "frozen": {
            "description": "Freeze: the products whose Argo CD auto-sync this run paused (unfreeze resumes exactly these).",
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "expiresAt": {
            "description": "Freeze: when the portal resumes what it paused, unless traffic was returned before.",
            "type": "string"
          },
          "thawedAt": {
            "description": "Freeze: when what it paused was resumed (by a return, or at expiry).",
            "type": "string"
          },
          "finishedAt": {
            "type": "string"
          }
        },
        "required": [
          "id",
          "kind",
          "title",
          "status"
        ]
      },
      "EvacuationRun": {
        "type": "object",
        "properties": {
          "id": {
            "type": "string"
          },
          "cluster": {
            "type": "string"
          },
          "mode": {
            "type": "string",
            "enum": [
              "run",
              "rehearsal",
              "return"
            ]
          },
          "returnOf": {
            "description": "The run whose changes a `return` run undoes.",
            "type": "string"
          },
          "actor": {
            "type": "string"
          },
          "reason": {
            "type": "string"
          },
          "continueOnRefusal": {
            "type": "boolean"
          },
          "status": {
            "type": "string",
            "enum": [
              "running",
              "completed",
              "stopped",
              "rehearsed"
            ]
          },
          "steps": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/EvacuationStep"
            }
          },
          "predictedConvergenceSeconds": {
            "description": "Rehearsal: how long until DNS answers without the cluster (TTL + health-check interval + propagation).",
            "type": "number"
          },
          "verifiedAfterSeconds": {
            "description": "Run: from the start to every entry point no longer answering the cluster at its provider.",
            "type": "number"
          },
          "dnsClearAfterSeconds": {
            "description": "Run: from the start to every entry point no longer answering the cluster when its authoritative nameservers are asked.",
            "type": "number"
          },
          "sloOkAfterSeconds": {
            "description": "Run: from the start to every moved product's SLO being OK on each cluster that still serves it (watched for an hour after the run).",
            "type": "number"
          },
          "createdAt": {
            "type": "string"
          },
          "finishedAt": {
            "type": "string"
          }
        },
        "required": [
          "id",
          "cluster",
          "mode",
          "actor",
          "reason",
          "continueOnRefusal",
          "status",
          "steps",
          "createdAt"
        ]
      },
      "EvacuationRuns": {
        "type": "object",
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/EvacuationRun"
            }
          },
          "lastRehearsedAt": {
            "type": "string"
          },
          "rehearsalOverdue": {
            "description": "No rehearsal of this cluster in the last 30 days.",
            "type": "boolean"
          }
        },
        "required": [
          "items",
          "rehearsalOverdue"
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
                "$ref": "#/components/schemas/ActionRequestBody"
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
                "$ref": "#/components/schemas/ActionRequestBody"
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
                  "$ref": "#/components/schemas/ClusterSyncs"
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
    },
    "/entities/{kind}/{namespace}/{name}/releases": {
      "get": {
        "operationId": "GetReleases",
        "description": "Which tag each upgrade ring runs for each of the product's services (its files in the infra repo), what Argo CD reports for it on each cluster, the next promotion and whether it is ready, whether promotions are paused, and the open release pull requests.",
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
            "description": "The product's releases.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ReleaseView"
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
    "/entities/{kind}/{namespace}/{name}/releases/promote": {
      "post": {
        "operationId": "PromoteRelease",
        "description": "Opens (or updates) the infra repo pull request that copies a ring's previous ring's tag to it, once that ring is Synced and Healthy on the tag on every cluster of the product and promotions are not paused. Same guard rails as a traffic change: permission, reason, idempotency key, audit and history. 409 when the ring already runs the tag, promotions are paused, or the previous ring is not healthy on it.",
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
                "$ref": "#/components/schemas/PromoteRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Done, or the replay of an earlier attempt with the same key.",
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
    "/entities/{kind}/{namespace}/{name}/releases/promotions": {
      "post": {
        "operationId": "SetPromotions",
        "description": "Opens the infra repo pull request that pauses (or resumes) promotions of the product (its promotions.yaml). Same guard rails as a traffic change. 409 when they already are.",
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
                "$ref": "#/components/schemas/PromotionsRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Done, or the replay of an earlier attempt with the same key.",
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
    "/entities/{kind}/{namespace}/{name}/releases/abort": {
      "post": {
        "operationId": "AbortRollout",
        "description": "Aborts a service's canary on one cluster through Argo CD's Rollout abort action (the stable version takes the traffic back). Same guard rails as a traffic change. 409 when Argo CD offers no abort (nothing in progress, or already aborted).",
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
                "$ref": "#/components/schemas/AbortRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Done, or the replay of an earlier attempt with the same key.",
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
    "/clusters/{cluster}/evacuation": {
      "get": {
        "operationId": "GetEvacuationPlan",
        "description": "Every entry point that has the cluster as a target, with weights before and after its drain, the safety checks, and why a run would skip it. Changes nothing.",
        "parameters": [
          {
            "$ref": "#/components/parameters/cluster"
          }
        ],
        "responses": {
          "200": {
            "description": "The plan.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EvacuationPlan"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/clusters/{cluster}/evacuations": {
      "get": {
        "operationId": "ListEvacuations",
        "description": "The cluster's evacuations, rehearsals and returns, newest first, and when it was last rehearsed.",
        "parameters": [
          {
            "$ref": "#/components/parameters/cluster"
          }
        ],
        "responses": {
          "200": {
            "description": "The runs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EvacuationRuns"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      },
      "post": {
        "operationId": "StartEvacuation",
        "description": "Evacuates the cluster (`run`): one drain per entry point, each with its own compare-and-set against the plan and its own idempotency key, then verification; or rehearses it (`rehearsal`), writing nothing. Platform on-call only (`traffic.cluster.evacuate`). 202 with the run, which goes on in the background; 409 while another evacuation of the cluster runs.",
        "parameters": [
          {
            "$ref": "#/components/parameters/cluster"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/EvacuationRequestBody"
              }
            }
          }
        },
        "responses": {
          "202": {
            "description": "Started (or, for a rehearsal, done).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EvacuationRun"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
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
          }
        }
      }
    },
    "/evacuations/{id}": {
      "get": {
        "operationId": "GetEvacuation",
        "description": "One run with its steps, as it stands.",
        "parameters": [
          {
            "$ref": "#/components/parameters/runId"
          }
        ],
        "responses": {
          "200": {
            "description": "The run.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EvacuationRun"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "404": {
            "$ref": "#/components/responses/ErrorResponse"
          }
        }
      }
    },
    "/evacuations/{id}/resume": {
      "post": {
        "operationId": "ResumeEvacuation",
        "description": "Goes on with a stopped run's remaining steps (a step already applied is not applied again).",
        "parameters": [
          {
            "$ref": "#/components/parameters/runId"
          }
        ],
        "responses": {
          "202": {
            "description": "Resumed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EvacuationRun"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
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
          }
        }
      }
    },
    "/evacuations/{id}/return": {
      "post": {
        "operationId": "ReturnTraffic",
        "description": "Restores exactly the weights the run changed, one entry point at a time; an entry point changed since is a conflict step, not overwritten.",
        "parameters": [
          {
            "$ref": "#/components/parameters/runId"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ReturnTrafficBody"
              }
            }
          }
        },
        "responses": {
          "202": {
            "description": "The return run.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EvacuationRun"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ErrorResponse"
          },
          "401": {
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
          }
        }
      }
    }
  }
} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);

// This file is generated from src/schema/openapi.yaml by
// scripts/openapi-generate.mjs. Do not edit it; edit the spec and run
// `yarn workspace @internal/plugin-forge-backend generate`.
/* eslint-disable */
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = {
  "openapi": "3.1.0",
  "info": {
    "title": "forge",
    "version": "1",
    "description": "What the portal's Forge page reads of the local forge (repositories, pull requests, one request's diff) and its one write, merging a pull request. A repository or pull request the user may not read is answered 404, as one that does not exist.",
    "x-client-package": "@internal/plugin-forge-common"
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "components": {
    "parameters": {
      "owner": {
        "name": "owner",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string"
        }
      },
      "name": {
        "name": "name",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string"
        }
      },
      "id": {
        "name": "id",
        "in": "path",
        "required": true,
        "description": "The pull request's number (anything else is answered 404).",
        "schema": {
          "type": "string"
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
      "RepoInfo": {
        "type": "object",
        "properties": {
          "repo": {
            "description": "`owner/name`.",
            "type": "string"
          },
          "cloneUrl": {
            "description": "What Argo CD and `git clone` use.",
            "type": "string"
          },
          "url": {
            "description": "Where a person reads it.",
            "type": "string"
          },
          "defaultBranch": {
            "type": "string"
          }
        },
        "required": [
          "repo",
          "cloneUrl",
          "url",
          "defaultBranch"
        ]
      },
      "PullRequest": {
        "type": "object",
        "properties": {
          "id": {
            "type": "integer"
          },
          "repo": {
            "type": "string"
          },
          "branch": {
            "type": "string"
          },
          "base": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "author": {
            "type": "string"
          },
          "authorRefs": {
            "description": "Every user who wrote a commit of the request (the first run and each re-run of its template): none of them may merge it into the infra repo.",
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "state": {
            "type": "string",
            "enum": [
              "open",
              "merged",
              "closed"
            ]
          },
          "createdAt": {
            "type": "string"
          },
          "updatedAt": {
            "type": "string"
          },
          "head": {
            "description": "Commit at the head of the branch.",
            "type": "string"
          },
          "files": {
            "description": "Files the pull request changes, relative to the repo root.",
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "url": {
            "description": "Where a person reads it (the portal's page for a local forge).",
            "type": "string"
          }
        },
        "required": [
          "id",
          "repo",
          "branch",
          "base",
          "title",
          "description",
          "author",
          "state",
          "createdAt",
          "updatedAt",
          "head",
          "files",
          "url"
        ]
      },
      "RepoList": {
        "type": "object",
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/RepoInfo"
            }
          }
        },
        "required": [
          "items"
        ]
      },
      "RepoDetail": {
        "description": "A repository with its files on the default branch and its pull requests.",
        "allOf": [
          {
            "$ref": "#/components/schemas/RepoInfo"
          },
          {
            "type": "object",
            "properties": {
              "files": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "pullRequests": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/PullRequest"
                }
              }
            },
            "required": [
              "files",
              "pullRequests"
            ]
          }
        ]
      },
      "RepoFile": {
        "type": "object",
        "properties": {
          "repo": {
            "type": "string"
          },
          "path": {
            "type": "string"
          },
          "branch": {
            "type": "string"
          },
          "content": {
            "type": "string"
          }
        },
        "required": [
          "repo",
          "path",
          "branch",
          "content"
        ]
      },
      "PullRequestList": {
        "type": "object",
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/PullRequest"
            }
          }
        },
        "required": [
          "items"
        ]
      },
      "PullRequestDetail": {
        "description": "A pull request with its diff against its base.",
        "allOf": [
          {
            "$ref": "#/components/schemas/PullRequest"
          },
          {
            "type": "object",
            "properties": {
              "diff": {
                "type": "string"
              }
            }
          }
        ]
      }
    }
  },
  "paths": {
    "/repos": {
      "get": {
        "operationId": "ListRepos",
        "description": "The repositories the signed-in user may read.",
        "responses": {
          "200": {
            "description": "The repositories.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RepoList"
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
    "/repos/{owner}/{name}": {
      "get": {
        "operationId": "GetRepo",
        "description": "One repository, its files and its pull requests.",
        "parameters": [
          {
            "$ref": "#/components/parameters/owner"
          },
          {
            "$ref": "#/components/parameters/name"
          }
        ],
        "responses": {
          "200": {
            "description": "The repository.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RepoDetail"
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
    "/repos/{owner}/{name}/file": {
      "get": {
        "operationId": "GetRepoFile",
        "description": "One file of the repository's default branch, as text (what the Forge page shows at /forge/<owner>/<name>/blob/main/<path>, the address the catalog holds for a product's entities).",
        "parameters": [
          {
            "$ref": "#/components/parameters/owner"
          },
          {
            "$ref": "#/components/parameters/name"
          },
          {
            "name": "path",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 1000
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The file.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RepoFile"
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
    "/pulls": {
      "get": {
        "operationId": "ListPullRequests",
        "description": "The pull requests the signed-in user may read, of one repository or all.",
        "parameters": [
          {
            "name": "repo",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The pull requests.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PullRequestList"
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
    "/pulls/{id}": {
      "get": {
        "operationId": "GetPullRequest",
        "description": "One pull request with its diff.",
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "responses": {
          "200": {
            "description": "The pull request.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PullRequestDetail"
                }
              }
            }
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
    "/pulls/{id}/merge": {
      "post": {
        "operationId": "MergePullRequest",
        "description": "Merges a pull request: `forge.pullrequest.merge` on its product (the owners), or `forge.infra.merge` (platform admins) for the infra repo and repositories of no product, and never by one of its own authors there. Every attempt is audited; a merge is published as a repo-changed event.",
        "parameters": [
          {
            "$ref": "#/components/parameters/id"
          }
        ],
        "responses": {
          "200": {
            "description": "The merged pull request.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PullRequest"
                }
              }
            }
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

#!/usr/bin/env bash
# Regenerates every ../<project>.json from local git copies of the upstream
# repositories (see ../SOURCES.md). Fetches nothing: clone or mirror the
# repositories yourself first (a bare clone is enough), at least up to the
# tags below.
#
# Usage: tools/refresh.sh '<git dir template>' [project ...]
#   The template gives each repository's git directory, with {owner} and
#   {name} substituted, e.g. '/src/upstream/{owner}/{name}.git' or
#   '/mirrors/{owner}+{name}/repo'. With project names, only those are redone.
#
# To bump a project: change its tag (and, if upstream moved them, its paths
# or kinds) below, rerun, review the diff, and update SOURCES.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
template="${1:?usage: refresh.sh '<git dir template>' [project ...]}"
shift
only=" $* "
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# vendor <project> <owner/name> <tag> <kinds> [--omit-matching <regex>] -- <upstream paths...>
vendor() {
  local project=$1 repo=$2 ref=$3 kinds=$4
  shift 4
  local extra=()
  while [ "$1" != "--" ]; do extra+=("$1"); shift; done
  shift
  if [ "$only" != "  " ] && [[ "$only" != *" $project "* ]]; then return; fi
  local gitdir="${template//\{owner\}/${repo%%/*}}"
  gitdir="${gitdir//\{name\}/${repo#*/}}"
  local root="$work/$project"
  local path
  for path in "$@"; do
    mkdir -p "$root/$(dirname "$path")"
    git --git-dir="$gitdir" show "$ref:$path" >"$root/$path"
  done
  (cd "$root" && node "$here/vendor-crds.mjs" --project "$project" --repository "$repo" \
    --ref "$ref" --licence Apache-2.0 --root . --kinds "$kinds" \
    --out "$here/../$project.json" "${extra[@]}" "$@")
}

vendor crossplane crossplane/crossplane v2.3.4 \
  CompositeResourceDefinition,Composition,CompositionRevision,EnvironmentConfig,Provider,Function,Configuration,DeploymentRuntimeConfig,ImageConfig -- \
  cluster/crds/apiextensions.crossplane.io_compositeresourcedefinitions.yaml \
  cluster/crds/apiextensions.crossplane.io_compositions.yaml \
  cluster/crds/apiextensions.crossplane.io_compositionrevisions.yaml \
  cluster/crds/apiextensions.crossplane.io_environmentconfigs.yaml \
  cluster/crds/pkg.crossplane.io_providers.yaml \
  cluster/crds/pkg.crossplane.io_functions.yaml \
  cluster/crds/pkg.crossplane.io_configurations.yaml \
  cluster/crds/pkg.crossplane.io_deploymentruntimeconfigs.yaml \
  cluster/crds/pkg.crossplane.io_imageconfigs.yaml

vendor function-patch-and-transform crossplane-contrib/function-patch-and-transform v0.10.8 Resources -- \
  package/input/pt.fn.crossplane.io_resources.yaml

vendor function-go-templating crossplane-contrib/function-go-templating v0.12.2 GoTemplate -- \
  package/input/gotemplating.fn.crossplane.io_gotemplates.yaml

vendor argo-cd argoproj/argo-cd v3.5.1 Application,ApplicationSet,AppProject -- \
  manifests/crds/application-crd.yaml \
  manifests/crds/applicationset-crd.yaml \
  manifests/crds/appproject-crd.yaml

vendor kyverno kyverno/kyverno v1.19.0 \
  kyverno.io/ClusterPolicy,kyverno.io/Policy,kyverno.io/PolicyException,policies.kyverno.io/ValidatingPolicy,policies.kyverno.io/GeneratingPolicy,policies.kyverno.io/MutatingPolicy,policies.kyverno.io/PolicyException -- \
  config/crds/kyverno/kyverno.io_clusterpolicies.yaml \
  config/crds/kyverno/kyverno.io_policies.yaml \
  config/crds/kyverno/kyverno.io_policyexceptions.yaml \
  config/crds/policies.kyverno.io/policies.kyverno.io_validatingpolicies.yaml \
  config/crds/policies.kyverno.io/policies.kyverno.io_generatingpolicies.yaml \
  config/crds/policies.kyverno.io/policies.kyverno.io_mutatingpolicies.yaml \
  config/crds/policies.kyverno.io/policies.kyverno.io_policyexceptions.yaml

# Some provider defaults/examples/patterns name real service endpoints; they
# are dropped (listed in source.omitted) so no such hostnames are vendored.
vendor external-secrets external-secrets/external-secrets v2.9.0 ExternalSecret,SecretStore,ClusterSecretStore \
  --omit-matching '://|gserviceaccount' -- \
  config/crds/bases/external-secrets.io_externalsecrets.yaml \
  config/crds/bases/external-secrets.io_secretstores.yaml \
  config/crds/bases/external-secrets.io_clustersecretstores.yaml

vendor sloth slok/sloth v0.16.0 PrometheusServiceLevel -- \
  pkg/kubernetes/gen/crd/sloth.slok.dev_prometheusservicelevels.yaml

vendor gateway-api kubernetes-sigs/gateway-api v1.6.1 GatewayClass,Gateway,HTTPRoute,ReferenceGrant -- \
  config/crd/standard/gateway.networking.k8s.io_gatewayclasses.yaml \
  config/crd/standard/gateway.networking.k8s.io_gateways.yaml \
  config/crd/standard/gateway.networking.k8s.io_httproutes.yaml \
  config/crd/standard/gateway.networking.k8s.io_referencegrants.yaml
vendor cert-manager cert-manager/cert-manager v1.21.1 ClusterIssuer,Issuer,Certificate -- \
  deploy/crds/cert-manager.io_clusterissuers.yaml \
  deploy/crds/cert-manager.io_issuers.yaml \
  deploy/crds/cert-manager.io_certificates.yaml

vendor karpenter kubernetes-sigs/karpenter v1.14.1 NodePool,NodeClaim -- \
  pkg/apis/crds/karpenter.sh_nodepools.yaml \
  pkg/apis/crds/karpenter.sh_nodeclaims.yaml

vendor karpenter-provider-aws aws/karpenter-provider-aws v1.14.1 EC2NodeClass -- \
  pkg/apis/crds/karpenter.k8s.aws_ec2nodeclasses.yaml

vendor karpenter-provider-azure Azure/karpenter-provider-azure v1.14.2 AKSNodeClass -- \
  pkg/apis/crds/karpenter.azure.com_aksnodeclasses.yaml

vendor prometheus-operator prometheus-operator/prometheus-operator v0.93.0 ServiceMonitor,PodMonitor,PrometheusRule -- \
  example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml \
  example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml \
  example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml

vendor argo-rollouts argoproj/argo-rollouts v1.9.1 Rollout,AnalysisTemplate -- \
  manifests/crds/rollout-crd.yaml \
  manifests/crds/analysis-template-crd.yaml

# Istio publishes every CRD of a release in one generated file of istio/api
# (the same file its `base` chart installs as crd-all.gen.yaml).
vendor istio istio/api v1.30.3 security.istio.io/PeerAuthentication,security.istio.io/AuthorizationPolicy -- \
  kubernetes/customresourcedefinitions.gen.yaml

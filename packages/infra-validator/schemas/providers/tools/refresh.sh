#!/usr/bin/env bash
# Regenerates every ../<provider-package>.json: the managed-resource and
# ProviderConfig CRD schemas the compositions in infra/crossplane/ use, taken
# from the upstream provider repositories at the refs below (see
# ../SOURCES.md). Fetches nothing: give it local git copies (a bare clone or
# mirror is enough). Uses the shared converter ../../tools/vendor-crds.mjs and
# then minifies its output.
#
# Usage: tools/refresh.sh '<git dir template>' [project ...]
#   {owner} and {name} in the template are substituted, e.g.
#   '/mirrors/{owner}+{name}/repo'. With project names, only those are redone.
#
# To bump a provider: change its ref below (all packages of one family move
# together), rerun, review the diff, update SOURCES.md and the package pins
# in infra/crossplane/packages/providers.yaml.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
converter="$here/../../tools/vendor-crds.mjs"
template="${1:?usage: refresh.sh '<git dir template>' [project ...]}"
shift
only=" $* "
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

AWS_REF=v2.6.0
GCP_REF=v2.6.0
AZURE_REF=v2.7.0
# provider-upjet-cloudflare has no release tag yet: pinned to a main commit.
CLOUDFLARE_REF=6c400cbe5b75ac9668a42d48ba39cade575607fb

# vendor <project> <owner/name> <ref> <group/Kind,...> -- <upstream CRD paths...>
vendor() {
  local project=$1 repo=$2 ref=$3 kinds=$4
  shift 4
  [ "$1" = "--" ] && shift
  if [ "$only" != "  " ] && [[ "$only" != *" $project "* ]]; then return; fi
  local gitdir="${template//\{owner\}/${repo%%/*}}"
  gitdir="${gitdir//\{name\}/${repo#*/}}"
  local root="$work/$project" path
  for path in "$@"; do
    mkdir -p "$root/$(dirname "$path")"
    git --git-dir="$gitdir" show "$ref:$path" >"$root/$path"
  done
  local out="$here/../$project.json"
  (cd "$root" && node "$converter" --project "$project" --repository "$repo" \
    --ref "$ref" --licence Apache-2.0 --root . --kinds "$kinds" --out "$out" "$@")
  # This directory keeps the files minified.
  node -e 'const fs=require("fs");const f=process.argv[1];fs.writeFileSync(f,JSON.stringify(JSON.parse(fs.readFileSync(f,"utf8")))+"\n")' "$out"
}

aws=crossplane-contrib/provider-upjet-aws
vendor provider-family-aws $aws $AWS_REF \
  aws.m.upbound.io/ProviderConfig,aws.m.upbound.io/ClusterProviderConfig -- \
  package/crds/aws.m.upbound.io_providerconfigs.yaml \
  package/crds/aws.m.upbound.io_clusterproviderconfigs.yaml
vendor provider-aws-ec2 $aws $AWS_REF \
  ec2.aws.m.upbound.io/VPC,ec2.aws.m.upbound.io/Subnet,ec2.aws.m.upbound.io/InternetGateway,ec2.aws.m.upbound.io/EIP,ec2.aws.m.upbound.io/NATGateway,ec2.aws.m.upbound.io/RouteTable,ec2.aws.m.upbound.io/Route,ec2.aws.m.upbound.io/RouteTableAssociation,ec2.aws.m.upbound.io/Tag -- \
  package/crds/ec2.aws.m.upbound.io_vpcs.yaml \
  package/crds/ec2.aws.m.upbound.io_subnets.yaml \
  package/crds/ec2.aws.m.upbound.io_internetgateways.yaml \
  package/crds/ec2.aws.m.upbound.io_eips.yaml \
  package/crds/ec2.aws.m.upbound.io_natgateways.yaml \
  package/crds/ec2.aws.m.upbound.io_routetables.yaml \
  package/crds/ec2.aws.m.upbound.io_routes.yaml \
  package/crds/ec2.aws.m.upbound.io_routetableassociations.yaml \
  package/crds/ec2.aws.m.upbound.io_tags.yaml
vendor provider-aws-iam $aws $AWS_REF \
  iam.aws.m.upbound.io/Role,iam.aws.m.upbound.io/RolePolicyAttachment,iam.aws.m.upbound.io/InstanceProfile,iam.aws.m.upbound.io/Policy -- \
  package/crds/iam.aws.m.upbound.io_roles.yaml \
  package/crds/iam.aws.m.upbound.io_rolepolicyattachments.yaml \
  package/crds/iam.aws.m.upbound.io_instanceprofiles.yaml \
  package/crds/iam.aws.m.upbound.io_policies.yaml
vendor provider-aws-eks $aws $AWS_REF \
  eks.aws.m.upbound.io/Cluster,eks.aws.m.upbound.io/NodeGroup,eks.aws.m.upbound.io/Addon,eks.aws.m.upbound.io/AccessEntry,eks.aws.m.upbound.io/AccessPolicyAssociation,eks.aws.m.upbound.io/PodIdentityAssociation -- \
  package/crds/eks.aws.m.upbound.io_clusters.yaml \
  package/crds/eks.aws.m.upbound.io_nodegroups.yaml \
  package/crds/eks.aws.m.upbound.io_addons.yaml \
  package/crds/eks.aws.m.upbound.io_accessentries.yaml \
  package/crds/eks.aws.m.upbound.io_accesspolicyassociations.yaml \
  package/crds/eks.aws.m.upbound.io_podidentityassociations.yaml
vendor provider-aws-kms $aws $AWS_REF \
  kms.aws.m.upbound.io/Key -- \
  package/crds/kms.aws.m.upbound.io_keys.yaml
vendor provider-aws-sqs $aws $AWS_REF \
  sqs.aws.m.upbound.io/Queue,sqs.aws.m.upbound.io/QueuePolicy -- \
  package/crds/sqs.aws.m.upbound.io_queues.yaml \
  package/crds/sqs.aws.m.upbound.io_queuepolicies.yaml
vendor provider-aws-cloudwatchevents $aws $AWS_REF \
  cloudwatchevents.aws.m.upbound.io/Rule,cloudwatchevents.aws.m.upbound.io/Target -- \
  package/crds/cloudwatchevents.aws.m.upbound.io_rules.yaml \
  package/crds/cloudwatchevents.aws.m.upbound.io_targets.yaml
vendor provider-aws-route53 $aws $AWS_REF \
  route53.aws.m.upbound.io/HealthCheck,route53.aws.m.upbound.io/Record,route53.aws.m.upbound.io/Zone -- \
  package/crds/route53.aws.m.upbound.io_healthchecks.yaml \
  package/crds/route53.aws.m.upbound.io_records.yaml \
  package/crds/route53.aws.m.upbound.io_zones.yaml
vendor provider-aws-s3 $aws $AWS_REF \
  s3.aws.m.upbound.io/Bucket,s3.aws.m.upbound.io/BucketPublicAccessBlock -- \
  package/crds/s3.aws.m.upbound.io_buckets.yaml \
  package/crds/s3.aws.m.upbound.io_bucketpublicaccessblocks.yaml

gcp=crossplane-contrib/provider-upjet-gcp
vendor provider-family-gcp $gcp $GCP_REF \
  gcp.m.upbound.io/ProviderConfig,gcp.m.upbound.io/ClusterProviderConfig -- \
  package/crds/gcp.m.upbound.io_providerconfigs.yaml \
  package/crds/gcp.m.upbound.io_clusterproviderconfigs.yaml
vendor provider-gcp-compute $gcp $GCP_REF \
  compute.gcp.m.upbound.io/Network,compute.gcp.m.upbound.io/Subnetwork,compute.gcp.m.upbound.io/Router,compute.gcp.m.upbound.io/RouterNAT -- \
  package/crds/compute.gcp.m.upbound.io_networks.yaml \
  package/crds/compute.gcp.m.upbound.io_subnetworks.yaml \
  package/crds/compute.gcp.m.upbound.io_routers.yaml \
  package/crds/compute.gcp.m.upbound.io_routernats.yaml
vendor provider-gcp-container $gcp $GCP_REF \
  container.gcp.m.upbound.io/Cluster,container.gcp.m.upbound.io/NodePool -- \
  package/crds/container.gcp.m.upbound.io_clusters.yaml \
  package/crds/container.gcp.m.upbound.io_nodepools.yaml
vendor provider-gcp-cloudplatform $gcp $GCP_REF \
  cloudplatform.gcp.m.upbound.io/ServiceAccount,cloudplatform.gcp.m.upbound.io/ProjectIAMMember,cloudplatform.gcp.m.upbound.io/ServiceAccountIAMMember -- \
  package/crds/cloudplatform.gcp.m.upbound.io_serviceaccounts.yaml \
  package/crds/cloudplatform.gcp.m.upbound.io_projectiammembers.yaml \
  package/crds/cloudplatform.gcp.m.upbound.io_serviceaccountiammembers.yaml
vendor provider-gcp-storage $gcp $GCP_REF \
  storage.gcp.m.upbound.io/Bucket,storage.gcp.m.upbound.io/BucketIAMMember -- \
  package/crds/storage.gcp.m.upbound.io_buckets.yaml \
  package/crds/storage.gcp.m.upbound.io_bucketiammembers.yaml

azure=crossplane-contrib/provider-upjet-azure
vendor provider-family-azure $azure $AZURE_REF \
  azure.m.upbound.io/ResourceGroup,azure.m.upbound.io/ProviderConfig,azure.m.upbound.io/ClusterProviderConfig -- \
  package/crds/azure.m.upbound.io_resourcegroups.yaml \
  package/crds/azure.m.upbound.io_providerconfigs.yaml \
  package/crds/azure.m.upbound.io_clusterproviderconfigs.yaml
vendor provider-azure-network $azure $AZURE_REF \
  network.azure.m.upbound.io/VirtualNetwork,network.azure.m.upbound.io/Subnet,network.azure.m.upbound.io/DNSZone -- \
  package/crds/network.azure.m.upbound.io_virtualnetworks.yaml \
  package/crds/network.azure.m.upbound.io_subnets.yaml \
  package/crds/network.azure.m.upbound.io_dnszones.yaml
vendor provider-azure-containerservice $azure $AZURE_REF \
  containerservice.azure.m.upbound.io/KubernetesCluster -- \
  package/crds/containerservice.azure.m.upbound.io_kubernetesclusters.yaml
vendor provider-azure-authorization $azure $AZURE_REF \
  authorization.azure.m.upbound.io/RoleAssignment,authorization.azure.m.upbound.io/ManagementLock -- \
  package/crds/authorization.azure.m.upbound.io_roleassignments.yaml \
  package/crds/authorization.azure.m.upbound.io_managementlocks.yaml
vendor provider-azure-managedidentity $azure $AZURE_REF \
  managedidentity.azure.m.upbound.io/UserAssignedIdentity,managedidentity.azure.m.upbound.io/FederatedIdentityCredential -- \
  package/crds/managedidentity.azure.m.upbound.io_userassignedidentities.yaml \
  package/crds/managedidentity.azure.m.upbound.io_federatedidentitycredentials.yaml
vendor provider-azure-keyvault $azure $AZURE_REF \
  keyvault.azure.m.upbound.io/Vault -- \
  package/crds/keyvault.azure.m.upbound.io_vaults.yaml
vendor provider-azure-storage $azure $AZURE_REF \
  storage.azure.m.upbound.io/Account,storage.azure.m.upbound.io/Container -- \
  package/crds/storage.azure.m.upbound.io_accounts.yaml \
  package/crds/storage.azure.m.upbound.io_containers.yaml

cf=crossplane-contrib/provider-upjet-cloudflare
vendor provider-upjet-cloudflare $cf $CLOUDFLARE_REF \
  loadbalancer.cloudflare.m.cloudflare.com/LoadBalancerMonitor,loadbalancer.cloudflare.m.cloudflare.com/LoadBalancerPool,loadbalancer.cloudflare.m.cloudflare.com/LoadBalancer,cloudflare.m.cloudflare.com/ProviderConfig,cloudflare.m.cloudflare.com/ClusterProviderConfig -- \
  package/crds/loadbalancer.cloudflare.m.cloudflare.com_loadbalancermonitors.yaml \
  package/crds/loadbalancer.cloudflare.m.cloudflare.com_loadbalancerpools.yaml \
  package/crds/loadbalancer.cloudflare.m.cloudflare.com_loadbalancers.yaml \
  package/crds/cloudflare.m.cloudflare.com_providerconfigs.yaml \
  package/crds/cloudflare.m.cloudflare.com_clusterproviderconfigs.yaml

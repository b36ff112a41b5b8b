// @ts-check

/**
 * What a run measures and keeps after it finishes (issue 20):
 * - `dns_clear_after_seconds`: from the start to no entry point answering
 *   the cluster at its authoritative nameservers;
 * - `slo_ok_after_seconds`: to every moved product's SLO being OK where it
 *   is still served, watched until `watch_until`;
 * - `freeze_until`: when the freeze the run put on the cluster is lifted,
 *   unless traffic is returned first (cleared once lifted).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('traffic_evacuations', table => {
    table.float('dns_clear_after_seconds').nullable();
    table.float('slo_ok_after_seconds').nullable();
    table.dateTime('watch_until').nullable().index();
    table.dateTime('freeze_until').nullable().index();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('traffic_evacuations', table => {
    table.dropColumn('dns_clear_after_seconds');
    table.dropColumn('slo_ok_after_seconds');
    table.dropColumn('watch_until');
    table.dropColumn('freeze_until');
  });
};

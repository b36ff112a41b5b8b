// @ts-check

/**
 * Idempotency keys are bound to the request they came with (a hash of
 * method, path and body): a replay with another body is refused.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('traffic_actions', table => {
    table.string('request_hash', 64).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('traffic_actions', table => {
    table.dropColumn('request_hash');
  });
};

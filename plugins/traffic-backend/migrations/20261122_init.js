// @ts-check

/**
 * Entry points (one row each, the compare-and-set lock across replicas) and
 * every traffic action with its outcome (history, drains, idempotency).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('traffic_entry_points', table => {
    table.comment(
      'One row per entry point: serializes changes across replicas',
    );
    table.string('name').primary().notNullable();
    table.integer('version').notNullable().defaultTo(0);
    table.dateTime('updated_at').notNullable();
  });
  await knex.schema.createTable('traffic_actions', table => {
    table.comment(
      'Every drain, restore, weights change and expiry, with its outcome',
    );
    table.string('id').primary().notNullable();
    table.string('idempotency_key').unique().nullable();
    table.string('entity_ref').notNullable();
    table.string('entry_point').notNullable().index();
    table.string('kind').notNullable();
    table.string('cluster').nullable();
    table.string('actor').notNullable();
    table.text('reason').notNullable();
    table.string('outcome').notNullable();
    table.text('error').nullable();
    table.text('weights_before').notNullable();
    table.text('weights_after').notNullable();
    table.text('records_before').notNullable();
    table.text('records_after').notNullable();
    table.dateTime('expires_at').nullable();
    table.string('closed_by').nullable();
    table.dateTime('created_at').notNullable().index();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('traffic_actions');
  await knex.schema.dropTable('traffic_entry_points');
};

// @ts-check

/**
 * Cluster evacuations, rehearsals and returns (issue 20): one row per run,
 * its steps as JSON (written after every step, so a run survives a restart
 * and is resumed from its first unfinished step). `active_cluster` holds the
 * cluster while a run moves its traffic: unique, so a second evacuation of
 * the same cluster at the same time is refused by the database itself.
 * `lease_until` is the replica executing it; a lapsed lease is taken over.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('traffic_evacuations', table => {
    table.comment(
      'Cluster evacuations, rehearsals and returns, with their steps',
    );
    table.string('id').primary().notNullable();
    table.string('cluster').notNullable().index();
    table.string('mode').notNullable();
    table.string('return_of').nullable();
    table.string('actor').notNullable();
    table.text('reason').notNullable();
    table.boolean('continue_on_refusal').notNullable().defaultTo(false);
    table.string('status').notNullable();
    table.string('active_cluster').nullable().unique();
    table.text('steps').notNullable();
    table.float('predicted_convergence_seconds').nullable();
    table.float('verified_after_seconds').nullable();
    table.dateTime('lease_until').nullable();
    table.dateTime('created_at').notNullable().index();
    table.dateTime('updated_at').notNullable();
    table.dateTime('finished_at').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('traffic_evacuations');
};

// Placeholder: replaced by the real harness (Postgres + Redis) shortly.
export default async function setup(): Promise<void> {}

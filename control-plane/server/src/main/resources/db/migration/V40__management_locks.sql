-- Management locks (Microsoft.Authorization/locks): CanNotDelete or ReadOnly on a subscription, a resource group or a
-- resource. Kept apart from the resource table: a lock is not a resource of the scope it locks, and every write and
-- delete of a subscription's resources looks its locks up by subscription.
CREATE TABLE management_lock (
    id_key          text PRIMARY KEY,
    id              text NOT NULL,
    subscription_id text NOT NULL,
    scope_key       text NOT NULL,
    name            text NOT NULL,
    level           text NOT NULL,
    notes           text,
    owners          text,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX management_lock_by_subscription ON management_lock (subscription_id, scope_key);

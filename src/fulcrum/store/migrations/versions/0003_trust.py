"""trust: state bound to the log, evidence blobs and signers, obligations, approval validity

Revision ID: 0003_trust
Revises: 0002_review
Create Date: 2026-12-02 17:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_trust"
down_revision = "0002_review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("via", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("changes", sa.JSON(), nullable=True))
    with op.batch_alter_table("systems") as batch:
        batch.add_column(
            sa.Column("registered_by", sa.String(length=100), nullable=False, server_default="")
        )
    with op.batch_alter_table("review_cases") as batch:
        batch.add_column(sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("review_answers") as batch:
        batch.add_column(
            sa.Column("to_confirm", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("review_evidence") as batch:
        batch.add_column(
            sa.Column(
                "provenance", sa.String(length=120), nullable=False, server_default="self-declared"
            )
        )
        batch.add_column(sa.Column("verdict", sa.String(length=16), nullable=True))
    op.create_table(
        "evidence_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_evidence_blobs")),
    )
    op.create_table(
        "signer_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("added_by", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signer_keys")),
        sa.UniqueConstraint("key_id", name=op.f("uq_signer_keys_key_id")),
    )
    op.create_index(op.f("ix_signer_keys_name"), "signer_keys", ["name"], unique=True)
    op.create_table(
        "obligations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("obligation", sa.String(length=300), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["system_versions.id"],
            name=op.f("fk_obligations_version_id_system_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_obligations")),
        sa.UniqueConstraint("version_id", "obligation", name=op.f("uq_obligations_version_id")),
    )
    op.create_index(op.f("ix_obligations_version_id"), "obligations", ["version_id"])
    _baseline()


def _baseline() -> None:
    """Record the rows an older Fulcrum wrote as one ``state.baseline`` event, so they verify."""
    from sqlalchemy.orm import Session

    from fulcrum.audit import AuditLog, events
    from fulcrum.audit._state import _column_value, row_key, table_map

    session = Session(bind=op.get_bind())
    changes = []
    for name, table in table_map(session).items():
        keys = [c.key for c in table.primary_key]
        for row in session.execute(sa.select(table)).mappings():
            values = {c.key: _column_value(name, c.key, row[c]) for c in table.columns}
            changes.append({"t": name, "k": row_key(values, keys), "v": values})
    if changes:
        session.info["fulcrum_changes"] = changes
        AuditLog(session).append(
            events.STATE_BASELINE,
            actor="migration",
            subject="state",
            payload={"reason": "rows written before the log recorded row state", "rows": len(changes)},
        )
    session.flush()


def downgrade() -> None:
    op.drop_index(op.f("ix_obligations_version_id"), table_name="obligations")
    op.drop_table("obligations")
    op.drop_index(op.f("ix_signer_keys_name"), table_name="signer_keys")
    op.drop_table("signer_keys")
    op.drop_table("evidence_blobs")
    with op.batch_alter_table("review_evidence") as batch:
        batch.drop_column("verdict")
        batch.drop_column("provenance")
    with op.batch_alter_table("review_answers") as batch:
        batch.drop_column("to_confirm")
    with op.batch_alter_table("review_cases") as batch:
        batch.drop_column("valid_until")
    with op.batch_alter_table("systems") as batch:
        batch.drop_column("registered_by")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("changes")
        batch.drop_column("via")

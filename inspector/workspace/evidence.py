"""``ws.evidence``: the document of a visit, sealing it with this laptop's key, checking what a
finalized visit and its addenda claim, and corrections as addenda (sealed and chained)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import credentials, evidence, snapshot
from ..errors import ValidationError
from ..evidence import Check, Seal, Verdict
from ..model import Addendum, new_id, utc_now
from ..records import from_row
from .part import Part
from .visits import _wf

KEY_SETTING = "device_signing_key"  # a passphrase workspace keeps its signing key in the encrypted database
NAME_SETTING = "device_name"
SERVER_SETTING = "sync_server"  # holds the server's public key (``server_key``) once logged in


class Evidence(Part):
    _private: bytes | None = None
    _public: str | None = None

    # --- this laptop's key ----------------------------------------------------------------------
    def _key(self) -> bytes:
        """This workspace's Ed25519 signing key, made on first use: in the OS keyring, or (a passphrase
        workspace) inside the encrypted database, never in a plain file."""
        if self._private is None:
            in_keyring = self.ws.info.get("key_mode", "keyring") == "keyring"
            key = credentials.load_signing_key(self.ws.workspace_id) if in_keyring else \
                bytes.fromhex(str(self.repo.setting(KEY_SETTING, "") or ""))
            if not key:
                key = evidence.new_private_key()
                if in_keyring:
                    credentials.store_signing_key(self.ws.workspace_id, key)
                else:
                    self.repo.set_setting(KEY_SETTING, key.hex())
            self._private = key
        return self._private

    def public_key(self) -> str:
        """This laptop's public signing key (hex), as the server registers it at login (every sync
        compares it with the registered one)."""
        if self._public is None:
            self._public = evidence.public_key_hex(self._key())
        return self._public

    def own_key_id(self) -> str:
        """The short id of this laptop's signing key (as ``Verdict.signing_key_id`` names a key), or ""
        while it has none yet; unlike ``public_key`` it never makes one (a read stays a read)."""
        if self._private is None:
            in_keyring = self.ws.info.get("key_mode", "keyring") == "keyring"
            stored = credentials.load_signing_key(self.ws.workspace_id) if in_keyring else \
                bytes.fromhex(str(self.repo.setting(KEY_SETTING, "") or ""))
            if not stored:
                return ""
            self._private = stored
        return evidence.key_id(evidence.public_key_hex(self._private))

    def device_name(self) -> str:
        return str(self.repo.setting(NAME_SETTING, "") or evidence.default_device_name())

    def seal(self, doc: dict[str, Any]) -> Seal:
        return evidence.seal(doc, self._key(), self.device_name())

    # --- documents ------------------------------------------------------------------------------
    def document(self, visit_id: str) -> dict[str, Any]:
        """The document of a visit as its records say now (what finalizing freezes; a draft's report)."""
        visits = self.ws.visits
        visit = visits.get(visit_id)
        case = self.repo.get("cases", visit.case_id) or {}
        address = self.repo.get("addresses", case["address_id"]) if case.get("address_id") else None
        signature = next((a for a in visits.attachments(visit_id, "signature")
                          if a.sha256 == visit.statement.signature_sha256), None)
        raw = self.ws.settings.get("municipality", None) or {}
        tpl, answers = visits.template(visit), visits.answers(visit_id)
        return snapshot.visit_document(snapshot.VisitRecords(
            visit=visit, template=tpl, case=case, address=address,
            persons=self.repo.find("persons", case_id=visit.case_id), answers=answers,
            answer_map=visits.answer_map_of(tpl, answers), photos=visits.attachments(visit_id, "photo"),
            signature=signature, municipality=snapshot.municipality_header(raw, _logo(raw.get("logo"))),
            report=snapshot.report_settings(self.ws.settings.get),
            followups=self.ws.followups.of_visit(visit_id)))

    def frozen(self, visit_id: str) -> dict[str, Any] | None:
        """The frozen document of a finalized visit (format 2), or None."""
        visit = self.ws.visits.get(visit_id)
        if not visit.is_locked or evidence.fingerprint_format(visit.fingerprint) < 2:
            return None
        doc = json.loads(visit.snapshot)
        return doc if isinstance(doc, dict) else None

    # --- checking -------------------------------------------------------------------------------
    def server_key(self) -> str:
        """The public key of the server this laptop syncs with (it signs the receipts); "" before login."""
        return str((self.repo.setting(SERVER_SETTING, {}) or {}).get("server_key") or "")

    def verify(self, visit_id: str, *, photos: bool = False) -> Verdict:
        """What holds of a finalized visit: fingerprint, device signature, server receipt (and, with
        ``photos``, that the photos and signature it names are here unchanged)."""
        row = self.repo.get("visits", visit_id)
        if row is None or row["deleted"]:
            self.ws.visits.get(visit_id)  # the standard not-found error
            raise AssertionError
        if row["status"] not in ("finalized", "synced"):
            return Verdict(evidence.KIND_VISIT, visit_id, "", 0, [Check(
                "fingerprint", evidence.ABSENT, "Het bezoek is nog niet afgerond.",
                "The visit is not finalized.")])
        fields = dict(row)
        if evidence.fingerprint_format(row["fingerprint"]) == 1 and not row["snapshot"]:
            fields["snapshot"] = self._v1_live(row).decode("utf-8")
        verdict = evidence.verdict(evidence.KIND_VISIT, visit_id, fields, server_key=self.server_key(),
                                   expect_receipt=row["status"] == "synced")
        if photos and verdict.state("fingerprint") == evidence.OK:
            hashes = evidence.blob_hashes(json.loads(fields["snapshot"]))
            verdict.checks.append(evidence.check_blobs(hashes, {h: self.repo.get_blob(h) for h in hashes}))
        return verdict

    def verify_addenda(self, visit_id: str) -> list[Verdict]:
        """Each addendum's own seal and receipt, and that it follows the fingerprint before it."""
        before = str((self.repo.get("visits", visit_id) or {}).get("fingerprint") or "")
        out = []
        for a in self.addenda(visit_id):
            verdict = evidence.verdict(evidence.KIND_ADDENDUM, a.id, a.__dict__, server_key=self.server_key())
            if verdict.state("fingerprint") == evidence.OK:
                verdict.checks.append(evidence.check_addendum_record(a.__dict__))
            follows = a.base_fingerprint == before
            verdict.checks.append(Check("chain", evidence.OK if follows else evidence.FAILED,
                                        "Sluit aan op de vorige vingerafdruk." if follows else
                                        "Sluit niet aan op de vorige vingerafdruk.",
                                        "Follows the previous fingerprint." if follows else
                                        "Does not follow the previous fingerprint."))
            out.append(verdict)
            before = a.fingerprint
        return out

    def _v1_live(self, visit: dict[str, Any]) -> bytes:
        """Release 0.1's content of a visit it finalized, from the records as they are now."""
        case = self.repo.get("cases", visit["case_id"]) or {"number": "", "domain": ""}
        address = self.repo.get("addresses", case.get("address_id") or "") if case.get("address_id") else None
        return evidence.v1_content(visit, case, address, self.repo.find("answers", visit_id=visit["id"]),
                                   self.repo.find("attachments", visit_id=visit["id"]))

    # --- addenda --------------------------------------------------------------------------------
    def add_addendum(self, visit_id: str, text: str) -> Addendum:
        """A correction of a finalized visit: sealed like the visit, following the last fingerprint."""
        visit = self.ws.visits.get(visit_id)
        if not visit.is_locked:
            raise _wf("not_finalized", "Een aanvulling kan alleen bij een afgerond bezoek; pas het "
                      "bezoek zelf aan.", "An addendum is only for a finalized visit; edit the visit "
                      "itself.")
        if not text.strip():
            raise ValidationError("addendum_empty", "De aanvulling is leeg.", "The addendum is empty.",
                                  field="text")
        earlier = self.addenda(visit_id)
        base = earlier[-1].fingerprint if earlier else visit.fingerprint
        addendum_id, now = new_id(), utc_now()
        doc = snapshot.addendum_document(visit_id, addendum_id, text.strip(), self.actor, now, base)
        sealed = self.seal(doc)
        row = self.repo.insert("addenda", {"id": addendum_id, "visit_id": visit_id, "text": text.strip(),
                                           "base_fingerprint": base, "author": self.actor, "created_at": now,
                                           **sealed.fields()}, self.actor)
        return from_row(Addendum, row)

    @staticmethod
    def said(addendum: Addendum) -> dict[str, Any]:
        """What an addendum says: its frozen document's words (the record's, for an unsealed one)."""
        sealed = json.loads(addendum.snapshot) \
            if evidence.fingerprint_format(addendum.fingerprint) >= 2 else {}
        said = {name: sealed.get(name, getattr(addendum, name))
                for name in ("created_at", "author", "text", "base_fingerprint")}
        return {**said, "fingerprint": addendum.fingerprint}

    def addenda(self, visit_id: str) -> list[Addendum]:
        return [from_row(Addendum, r) for r in self.repo.find("addenda", "created_at, rowid",
                                                              visit_id=visit_id)]


def _logo(path: Any) -> bytes | None:
    """The municipality's logo file (None when not set or not readable: the report's neutral mark)."""
    if not path:
        return None
    try:
        return Path(str(path)).read_bytes()
    except OSError:
        return None

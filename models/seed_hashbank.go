package models

// demoBankHashes are the demo bank's hashes: the PDQ hashes of pictures of
// Meta's PDQ reference set (a bridge, a pen and coaster; no abuse images),
// and the MD5 of one of its files (q2821.jpg).
var demoBankHashes = []struct {
	kind HashKind
	hash string
}{
	{HashPDQ, "f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22"},
	{HashPDQ, "1f811b9d2e7fbc6613c0c3f30e041f9df69b836303e10f067fcdfc12c02d01f9"},
	{HashMD5, "0d311c17731cdfa38fa8e2a8e8f49cba"},
}

// DemoBankName is the demo world's hash bank.
const DemoBankName = "Known illegally filmed pictures (demo)"

// hashBanks creates the demo's hash bank, as admin created and filled it.
func (s *demoSeeder) hashBanks() {
	if s.err != nil {
		return
	}
	admin := s.ids["admin"]
	b := HashBank{Name: DemoBankName, Source: "Demo list: pictures of Meta's PDQ reference set, not abuse images",
		Reason: "sexual_exploitation", Action: BankHide, CreatedBy: &admin, CreatedAt: s.now.AddDate(0, 0, -20), UpdatedAt: s.now.AddDate(0, 0, -20)}
	s.create(&b)
	for _, h := range demoBankHashes {
		s.create(&HashBankEntry{BankID: b.ID, Kind: h.kind, Hash: h.hash, AddedBy: &admin, CreatedAt: b.CreatedAt})
	}
	if s.err == nil {
		s.err = audit(s.tx, admin, "hashbank.create", "hash_bank", b.ID,
			map[string]any{"name": b.Name, "source": b.Source, "reason": string(b.Reason), "action": string(b.Action)})
	}
	if s.err == nil {
		s.err = audit(s.tx, admin, "hashbank.import", "hash_bank", b.ID, map[string]any{"added": len(demoBankHashes), "duplicates": 0, "bad": 0})
	}
	if s.err == nil {
		s.err = bumpBankVersion(s.tx)
	}
}

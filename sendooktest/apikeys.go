package sendooktest

func (st *store) createAPIKey(name, secret string) *apiKey {
	id, stamps := st.newMeta("key")
	k := &apiKey{ident: id, Name: name, OrganizationID: st.orgID, stamps: stamps, secret: secret}
	if st.dialect == DialectReal {
		active := true
		k.Active = &active
		// The real server shows the secret whenever it shows the key.
		k.Key = secret
	} else {
		k.RevokedAt = jsonNull
	}
	st.apiKeys.put(k.id(), k)
	st.keyBySecret[secret] = k
	return k
}

// apiKeyNotFound answers a get or delete of a key that does not exist: the
// real server sends the JSON literal null with a 200.
func (rq *request) apiKeyNotFound() {
	if rq.s.dialect == DialectReal {
		rq.ok([]byte("null"))
		return
	}
	rq.fail(notFound("API key"))
}

func (s *Server) createAPIKey(rq *request) {
	vals, errs := rq.validate(rule{field: "name", steps: []step{isString, notEmpty, trim}})
	if errs != nil {
		rq.validationFailed(errs, map[string]string{"name": "name is required"})
		return
	}
	// The real server validates before trimming, and then fails to store
	// a name that trimmed to nothing.
	name := vals["name"].str()
	if name == "" {
		e := invalid(rq.field("name"), "name must not be blank")
		e.crashesReal = true
		rq.fail(e)
		return
	}
	var body []byte
	s.lock(func(st *store) {
		k := *st.createAPIKey(name, randomHex(48))
		k.Key = k.secret // shown at least this once
		body = encode(k)
	})
	rq.created(body)
}

func (s *Server) listAPIKeys(rq *request) {
	var body []byte
	s.lock(func(st *store) { body = s.encodeList(st.apiKeys.all()) })
	rq.ok(body)
}

func (s *Server) getAPIKey(rq *request) {
	var body []byte
	s.lock(func(st *store) {
		if k := st.apiKeys.get(rq.param("apiKeyId")); k != nil {
			body = encode(k)
		}
	})
	if body == nil {
		rq.apiKeyNotFound()
		return
	}
	rq.ok(body)
}

// deleteAPIKey deletes a key, which stops authenticating at once.
func (s *Server) deleteAPIKey(rq *request) {
	var body []byte
	s.lock(func(st *store) {
		id := rq.param("apiKeyId")
		k := st.apiKeys.get(id)
		if k == nil {
			return
		}
		st.apiKeys.removeWhere(func(x *apiKey) bool { return x == k })
		delete(st.keyBySecret, k.secret)
		body = encode(k)
	})
	if body == nil {
		rq.apiKeyNotFound()
		return
	}
	rq.ok(body)
}

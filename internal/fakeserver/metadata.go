package fakeserver

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// MetadataCredentials is the action name under which the request log, the
// counters and InjectFaults know the metadata service's credential paths.
const MetadataCredentials = "MetadataCredentials"

// metadataPrefix is where the CVM metadata service answers the bound CAM
// role's name, and below it the role's temporary keys.
const metadataPrefix = "/latest/meta-data/cam/security-credentials/"

func isMetadataRequest(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/latest/meta-data/")
}

type metadataKeys struct {
	TmpSecretID  string `json:"TmpSecretId"`
	TmpSecretKey string `json:"TmpSecretKey"`
	Token        string `json:"Token"`
	ExpiredTime  int64  `json:"ExpiredTime"`
	Expiration   string `json:"Expiration"`
	Code         string `json:"Code"`
}

// metadataAnswer plays the metadata service of a CVM instance to which
// Config.CAMRole is bound (none when empty): GET on the prefix answers the
// role's name, GET on prefix+name fresh keys the fake API then accepts, and
// anything else 404, as the real service does for an unbound role.
func (s *Server) metadataAnswer(r *http.Request, entry *Request) reply {
	if f, ok := s.nextFault(entry.Action); ok {
		entry.Fault = f.Kind
		if f.Kind == FaultErrorCode {
			// The metadata service has no error envelope, only a Code.
			b, _ := json.Marshal(map[string]string{"Code": f.Code})
			return reply{status: http.StatusOK, contentType: jsonContentType, body: b, code: f.Code}
		}
		rep, final, gone := faultReply(r, nil, f)
		if gone {
			return reply{}
		}
		if final {
			return rep
		}
	}
	notFound := reply{status: http.StatusNotFound, contentType: "text/plain; charset=utf-8", body: []byte("404 Not Found")}
	if r.Method != http.MethodGet {
		return reply{status: http.StatusMethodNotAllowed, contentType: "text/plain; charset=utf-8", body: []byte("405 Method Not Allowed")}
	}
	name, ok := strings.CutPrefix(r.URL.Path, metadataPrefix)
	switch {
	case !ok || s.camRole == "":
		return notFound
	case name == "":
		return reply{status: http.StatusOK, contentType: "text/plain; charset=utf-8", body: []byte(s.camRole)}
	case name != s.camRole:
		return notFound
	}
	cred := s.issue(MetadataCredentials, "", name, s.capLifetime(defaultSTSDuration))
	b, err := json.Marshal(metadataKeys{
		TmpSecretID: cred.SecretID, TmpSecretKey: cred.SecretKey, Token: cred.Token,
		ExpiredTime: cred.Expiry.Unix(), Expiration: cred.Expiry.UTC().Format(time.RFC3339), Code: "Success",
	})
	if err != nil {
		return reply{status: http.StatusInternalServerError, contentType: "text/plain; charset=utf-8", body: []byte("encoding failed")}
	}
	return reply{status: http.StatusOK, contentType: jsonContentType, body: b}
}

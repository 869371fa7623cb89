#!/usr/bin/env bash
# Makes the test PKI of CertificateSignatureTest (committed output; run again only to change it).
# Needs OpenSSL 3. Every key and certificate here is a TEST credential: never trust it anywhere.
set -euo pipefail
cd "$(dirname "$0")"
rm -f *.pem *.srl index.txt* serial* && rm -rf ca-db
days=36500

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key.pem" 2>/dev/null; }
ext() { printf '%s\n' "$@" > ext.cnf; }

# Root and intermediate CA
key root-ca
openssl req -x509 -new -key root-ca.key.pem -subj "/O=Modelgate Test/CN=Modelgate Test Root CA" -days $days \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out root-ca.pem
key int-ca
openssl req -new -key int-ca.key.pem -subj "/O=Modelgate Test/CN=Modelgate Test Models CA" -out int-ca.csr
ext "basicConstraints=critical,CA:TRUE,pathlen:0" "keyUsage=critical,keyCertSign,cRLSign"
openssl x509 -req -in int-ca.csr -CA root-ca.pem -CAkey root-ca.key.pem -set_serial 0x1001 -days $days -extfile ext.cnf -out int-ca.pem

leaf() { # name subject serial extensions...
  local name=$1 subj=$2 serial=$3; shift 3
  key "$name"
  openssl req -new -key "$name.key.pem" -subj "$subj" -out "$name.csr"
  ext "$@"
  openssl x509 -req -in "$name.csr" -CA int-ca.pem -CAkey int-ca.key.pem -set_serial "$serial" -days $days -extfile ext.cnf -out "$name.pem"
}
leaf signer "/O=Acme/CN=Acme Model Release/emailAddress=models@acme.example" 0x2001 \
  "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=codeSigning" \
  "subjectAltName=email:models@acme.example"
leaf no-code-signing "/O=Acme/CN=Acme Web Server" 0x2002 \
  "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth"
leaf ca-signer "/O=Acme/CN=Acme Sub CA" 0x2003 \
  "basicConstraints=critical,CA:TRUE" "keyUsage=critical,digitalSignature,keyCertSign" "extendedKeyUsage=codeSigning"

# Expired: valid in 2020 only (openssl ca sets explicit dates)
key expired
openssl req -new -key expired.key.pem -subj "/O=Acme/CN=Acme Model Release 2020" -out expired.csr
mkdir -p ca-db && : > ca-db/index.txt && echo 2004 > ca-db/serial
cat > ca.cnf <<CNF
[ca]
default_ca = test
[test]
database = ca-db/index.txt
serial = ca-db/serial
new_certs_dir = ca-db
default_md = sha256
policy = any
copy_extensions = none
[any]
organizationName = optional
commonName = supplied
[ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = codeSigning
CNF
openssl ca -batch -config ca.cnf -cert int-ca.pem -keyfile int-ca.key.pem -in expired.csr -out expired.full.pem \
  -startdate 20200101000000Z -enddate 20210101000000Z -extensions ext -notext 2>/dev/null
openssl x509 -in expired.full.pem -out expired.pem

# A loop: loop-a is issued by loop-b and loop-b by loop-a; the signer "loop-signer" is issued by loop-a.
key loop-a; key loop-b
openssl req -x509 -new -key loop-b.key.pem -subj "/CN=Loop B" -days $days -out loop-b0.pem \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign"
openssl req -new -key loop-a.key.pem -subj "/CN=Loop A" -out loop-a.csr
ext "basicConstraints=critical,CA:TRUE" "keyUsage=critical,keyCertSign"
openssl x509 -req -in loop-a.csr -CA loop-b0.pem -CAkey loop-b.key.pem -set_serial 0x3001 -days $days -extfile ext.cnf -out loop-a.pem
openssl req -new -key loop-b.key.pem -subj "/CN=Loop B" -out loop-b.csr
openssl x509 -req -in loop-b.csr -CA loop-a.pem -CAkey loop-a.key.pem -set_serial 0x3002 -days $days -extfile ext.cnf -out loop-b.pem
key loop-signer
openssl req -new -key loop-signer.key.pem -subj "/CN=Loop Signer" -out loop-signer.csr
ext "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=codeSigning"
openssl x509 -req -in loop-signer.csr -CA loop-a.pem -CAkey loop-a.key.pem -set_serial 0x3003 -days $days -extfile ext.cnf -out loop-signer.pem

rm -rf *.csr ext.cnf ca.cnf ca-db expired.full.pem loop-b0.pem root-ca.key.pem int-ca.key.pem loop-a.key.pem loop-b.key.pem

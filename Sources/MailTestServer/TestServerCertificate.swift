import COpenSSL
import Glibc
import MailTransport

/// A throw-away self-signed certificate made in-process (EC P-256, CN=localhost,
/// SAN localhost / 127.0.0.1 / ::1, one year), written to a private temp directory.
///
/// Clients must not verify it (`--insecure`), or trust ``certificateFile`` as their CA.
/// RFC 5280 §4.2.1.6 (subjectAltName).
public struct TestServerCertificate: Sendable {
    public let directory: String
    public let certificateFile: String
    public let privateKeyFile: String

    public var configuration: TLSServerConfiguration {
        TLSServerConfiguration(certificateChainFile: certificateFile, privateKeyFile: privateKeyFile)
    }

    /// Generates a key and certificate; throws with OpenSSL's reason when a step fails.
    public static func generate() throws -> TestServerCertificate {
        var template = Array("/tmp/mailprobe-test-server-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw CertificateError("mkdtemp failed") }
        let directory = String(cString: made)
        let certificate = TestServerCertificate(directory: directory, certificateFile: directory + "/server.pem",
                                                privateKeyFile: directory + "/server.key")
        do {
            try certificate.write()
        } catch {
            certificate.remove()
            throw error
        }
        return certificate
    }

    /// Deletes the files and the directory.
    public func remove() {
        unlink(certificateFile)
        unlink(privateKeyFile)
        rmdir(directory)
    }

    private func write() throws {
        ERR_clear_error()
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nil) else { throw CertificateError("EVP_PKEY_CTX_new_id") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1,
              EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context, NID_X9_62_prime256v1) == 1,
              EVP_PKEY_keygen(context, &key) == 1, let key else { throw CertificateError("key generation") }
        defer { EVP_PKEY_free(key) }
        guard let x509 = X509_new() else { throw CertificateError("X509_new") }
        defer { X509_free(x509) }
        X509_set_version(x509, 2)
        ASN1_INTEGER_set(X509_get_serialNumber(x509), 1)
        X509_gmtime_adj(X509_getm_notBefore(x509), -3600)
        X509_gmtime_adj(X509_getm_notAfter(x509), 365 * 86_400)
        X509_set_pubkey(x509, key)
        let name = X509_get_subject_name(x509)
        X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, "MailProbe Test Server", -1, -1, 0)
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, "localhost", -1, -1, 0)
        X509_set_issuer_name(x509, name)
        guard let names = X509V3_EXT_conf_nid(nil, nil, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1") else {
            throw CertificateError("subjectAltName")
        }
        X509_add_ext(x509, names, -1)
        X509_EXTENSION_free(names)
        guard X509_sign(x509, key, EVP_sha256()) > 0 else { throw CertificateError("X509_sign") }
        let oldMask = umask(0o077)
        defer { umask(oldMask) }
        guard let keyBIO = BIO_new_file(privateKeyFile, "w") else { throw CertificateError("open \(privateKeyFile)") }
        let keyWritten = PEM_write_bio_PrivateKey(keyBIO, key, nil, nil, 0, nil, nil)
        BIO_free(keyBIO)
        guard let certificateBIO = BIO_new_file(certificateFile, "w") else { throw CertificateError("open \(certificateFile)") }
        let certificateWritten = PEM_write_bio_X509(certificateBIO, x509)
        BIO_free(certificateBIO)
        guard keyWritten == 1, certificateWritten == 1 else { throw CertificateError("PEM write") }
    }
}

/// A step of certificate generation failed.
public struct CertificateError: Error, CustomStringConvertible {
    public var description: String

    init(_ step: String) {
        var reason = ""
        let code = ERR_get_error()
        if code != 0, let text = ERR_reason_error_string(code) { reason = ": " + String(cString: text) }
        description = "self-signed certificate: \(step) failed\(reason)"
    }
}

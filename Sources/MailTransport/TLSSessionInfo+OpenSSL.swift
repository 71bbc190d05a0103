import COpenSSL
import Glibc

extension TLSSessionInfo {
    /// Reads the negotiated parameters and the peer certificate of a finished handshake.
    init(ssl: OpaquePointer, verified: Bool) {
        let version = SSL_get_version(ssl).map { String(cString: $0) } ?? "unknown"
        let cipher = SSL_get_current_cipher(ssl).flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) } ?? "unknown"
        self.init(protocolVersion: version, cipher: cipher, verified: verified)
        guard let certificate = SSL_get1_peer_certificate(ssl) else { return }
        defer { X509_free(certificate) }
        peerSubject = Self.oneLine(X509_get_subject_name(certificate))
        peerIssuer = Self.oneLine(X509_get_issuer_name(certificate))
        subjectAltNames = Self.subjectAltNames(certificate)
        notBefore = Self.unixSeconds(X509_get0_notBefore(certificate))
        notAfter = Self.unixSeconds(X509_get0_notAfter(certificate))
    }

    /// RFC 2253 one-line form: `"CN=localhost,O=MailProbe Test"`.
    private static func oneLine(_ name: OpaquePointer?) -> String? {
        guard let name, let bio = BIO_new(BIO_s_mem()) else { return nil }
        defer { BIO_free(bio) }
        guard X509_NAME_print_ex(bio, name, 0, mailprobe_XN_FLAG_RFC2253()) >= 0 else { return nil }
        var data: UnsafeMutablePointer<CChar>?
        let length = mailprobe_BIO_get_mem_data(bio, &data)
        guard let data, length > 0 else { return "" }
        return UnsafeRawBufferPointer(start: data, count: length).withMemoryRebound(to: UInt8.self) {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// DNS names and IP addresses of the subjectAltName extension.
    private static func subjectAltNames(_ certificate: OpaquePointer) -> [String] {
        guard let raw = X509_get_ext_d2i(certificate, NID_subject_alt_name, nil, nil) else { return [] }
        let names = OpaquePointer(raw)
        defer { mailprobe_GENERAL_NAMES_free(names) }
        var result: [String] = []
        for index in 0..<mailprobe_sk_GENERAL_NAME_num(names) {
            guard let name = mailprobe_sk_GENERAL_NAME_value(names, index) else { continue }
            switch name.pointee.type {
            case GEN_DNS:
                if let text = string(name.pointee.d.dNSName) { result.append(text) }
            case GEN_IPADD:
                if let text = ipAddress(name.pointee.d.iPAddress) { result.append(text) }
            default:
                continue
            }
        }
        return result
    }

    private static func string(_ value: UnsafeMutablePointer<ASN1_STRING>?) -> String? {
        guard let value, let bytes = ASN1_STRING_get0_data(value) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(ASN1_STRING_length(value))), as: UTF8.self)
    }

    private static func ipAddress(_ value: UnsafeMutablePointer<ASN1_STRING>?) -> String? {
        guard let value, let bytes = ASN1_STRING_get0_data(value) else { return nil }
        let length = Int(ASN1_STRING_length(value))
        let family: Int32
        switch length {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return nil
        }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        guard inet_ntop(family, bytes, &text, socklen_t(text.count)) != nil else { return nil }
        return nulTerminated(text)
    }

    private static func unixSeconds(_ time: UnsafePointer<ASN1_TIME>?) -> Int64? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Int64(timegm(&parts))
    }
}

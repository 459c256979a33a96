import Testing
@testable import MsokoIngest

@Suite struct XMLTokenizerTests {
    /// The events of a document as readable strings: `<name a=v>`, `</name>`, `"text"`.
    func events(_ xml: String) throws -> [String] {
        var tokenizer = XMLTokenizer(bytes: Array(xml.utf8))
        var result: [String] = []
        while true {
            switch try tokenizer.next() {
            case .endOfDocument:
                return result
            case .startElement:
                let name = String(decoding: tokenizer.bytes[tokenizer.nameStart..<tokenizer.nameEnd], as: UTF8.self)
                let attributes = tokenizer.attributes.map { attribute in
                    String(decoding: tokenizer.bytes[attribute.nameStart..<attribute.nameEnd], as: UTF8.self) + "="
                        + tokenizer.text(attribute.valueStart..<attribute.valueEnd)
                }
                result.append("<" + ([name] + attributes).joined(separator: " ") + ">")
            case .endElement:
                result.append("</" + String(decoding: tokenizer.bytes[tokenizer.nameStart..<tokenizer.nameEnd], as: UTF8.self) + ">")
            case .text:
                result.append("\"" + tokenizer.text() + "\"")
            }
        }
    }

    @Test func elementsAttributesAndTextWithLocalNames() throws {
        let xml = "\u{FEFF}<?xml version=\"1.0\"?>\n<x:a xmlns:x=\"urn:x\" b='1' c = \"a>b\"><x:t>hi</x:t><e/><f  g=\"2\" /></x:a>"
        #expect(try events(xml) == [
            "\"\n\"", "<a x=urn:x b=1 c=a>b>", "<t>", "\"hi\"", "</t>", "<e>", "</e>", "<f g=2>", "</f>", "</a>",
        ])
    }

    @Test func entitiesAndCharacterReferencesDecoded() throws {
        #expect(try events("<t>&amp;&lt;&gt;&quot;&apos;&#1071;&#x44F;&#X41;</t>") == ["<t>", "\"&<>\"'ЯяA\"", "</t>"])
        #expect(try events("<t a=\"&lt;&#38;\"/>") == ["<t a=<&>", "</t>"])
    }

    @Test func unknownOrBrokenEntitiesKeptAsWritten() throws {
        #expect(try events("<t>&nbsp; &#xZZ; & a;</t>") == ["<t>", "\"&nbsp; &#xZZ; & a;\"", "</t>"])
    }

    @Test func commentsDeclarationsAndCDATA() throws {
        let xml = "<!DOCTYPE a [<!ENTITY e \"x\">]><a><!-- <b> --><![CDATA[<raw> &amp;]]><?pi x?></a>"
        #expect(try events(xml) == ["<a>", "\"<raw> &amp;\"", "</a>"])
    }

    @Test func multibyteTextPassesThrough() throws {
        #expect(try events("<t>Численность/удельный вес 37,5 %</t>") == ["<t>", "\"Численность/удельный вес 37,5 %\"", "</t>"])
    }

    @Test func malformedDocumentsThrowWithOffset() {
        #expect(throws: XMLSyntaxError(offset: 3, reason: "a tag has no name or is not closed")) { try events("<a b") }
        #expect(throws: XMLSyntaxError(offset: 4, reason: "an attribute has no `=`")) { try events("<a b>") }
        #expect(throws: XMLSyntaxError(offset: 5, reason: "an attribute value is not quoted")) { try events("<a b=1>") }
        #expect(throws: XMLSyntaxError(offset: 3, reason: "`-->` is missing")) { try events("<a><!-- never closed") }
        #expect(throws: XMLSyntaxError(offset: 1, reason: "a tag has no name or is not closed")) { try events("< a>") }
    }
}

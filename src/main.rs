fn main() {
    let extractor = saidby::Extractor::new();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).ok();
    for q in extractor.extract(&text) {
        println!("{:?}\t{}\t{:?}", q.kind, q.span.as_str(&text), q.speaker);
    }
}

/// The message (`description`) of the error of type `E` that `body` throws,
/// or nil when it throws none or another type. A test of a failure compares
/// the whole message, which names the failure's place (file, line, column,
/// or the parameter) and its reason, not only the error's type.
public func thrownMessage<E: Error & CustomStringConvertible, R>(_ type: E.Type, _ body: () throws -> R) -> String? {
    do {
        _ = try body()
        return nil
    } catch let error as E {
        return error.description
    } catch {
        return nil
    }
}

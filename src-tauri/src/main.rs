fn main() {
    recovery_desk::run()
}

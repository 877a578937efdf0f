// PEGTL grammar for trace.py-style probe specs and their expressions.
//
// This file holds rules only: actions live in src/spec/parse_actions.h and
// error messages in grammar/spec_errors.hpp. Every rule that has an action
// or a message has its own name. Rules with a message raise as soon as they
// fail (must_if control), so they appear only at commit points.
//
//   probe      := header [ws+ ["(" filter ")"] ["\"format\"" ("," arg)*]]
//   header     := [type] ":" [library] ":" name ["+" offset]
//               | library ":" name ["+" offset]
//               | name ["+" offset]
//   expression := C-like: || && | ^ & (== !=) (< <= > >=) (<< >>) (+ -)
//                 (* / %), unary ! ~ - and casts, primaries.
#pragma once

#include <tao/pegtl.hpp>

namespace sctrace::spec::grammar {

using namespace tao::pegtl;

// clang-format off

// ---- Lexical -------------------------------------------------------------
struct ws : one< ' ', '\t' > {};
struct sp : star< ws > {};
struct sp1 : plus< ws > {};
struct name_first : ranges< 'a', 'z', 'A', 'Z', '_' > {};
struct name_other : ranges< 'a', 'z', 'A', 'Z', '0', '9', '_' > {};
struct word_end : not_at< name_other > {};
struct name : seq< name_first, star< name_other > > {};

// ---- String literals (shared escapes) ------------------------------------
struct escape_char : one< 'n', 't', '\\', '"' > {};
struct escape : seq< one< '\\' >, must< escape_char > > {};
struct string_char : sor< escape, not_one< '"', '\\' > > {};
struct string_close : one< '"' > {};
struct string_literal : seq< one< '"' >, star< string_char >, must< string_close > > {};

// ---- Integer literals -----------------------------------------------------
struct hex_digits : plus< xdigit > {};
struct hex_literal : seq< one< '0' >, one< 'x', 'X' >, must< hex_digits > > {};
struct dec_literal : plus< digit > {};
struct int_end : word_end {};
struct int_literal : seq< sor< hex_literal, dec_literal >, must< int_end > > {};

// ---- Expressions ----------------------------------------------------------
struct expression;
struct unary;

struct kw_retval : seq< TAO_PEGTL_STRING( "retval" ), word_end > {};
struct arg_user : TAO_PEGTL_STRING( "@user" ) {};
struct arg_ref : seq< TAO_PEGTL_STRING( "arg" ), plus< digit >, word_end, opt< arg_user > > {};
struct field_name : name {};
struct field_ref : seq< TAO_PEGTL_STRING( "args" ), word_end, sp, TAO_PEGTL_STRING( "->" ), sp, must< field_name > > {};
struct dollar_name : name {};
struct dollar_var : seq< one< '$' >, must< dollar_name > > {};
struct unknown_name : name {};

struct strcmp_open : one< '(' > {};
struct strcmp_literal : seq< at< one< '"' > >, string_literal > {};
struct strcmp_comma : one< ',' > {};
struct strcmp_operand : seq< expression > {};
struct strcmp_close : one< ')' > {};
struct strcmp_call : seq< TAO_PEGTL_STRING( "STRCMP" ), word_end, sp, must< strcmp_open >, sp, must< strcmp_literal >, sp, must< strcmp_comma >, sp, must< strcmp_operand >, sp, must< strcmp_close > > {};

struct paren_inner : seq< expression > {};
struct paren_close : one< ')' > {};
struct paren_expr : seq< one< '(' >, sp, must< paren_inner >, sp, must< paren_close > > {};

struct primary : sor< paren_expr, string_literal, int_literal, strcmp_call, field_ref, kw_retval, arg_ref, dollar_var, unknown_name > {};

// Casts come from a closed set; longer spellings are tried first.
template< typename Word > struct kw : seq< Word, word_end > {};
struct kw_unsigned : kw< TAO_PEGTL_STRING( "unsigned" ) > {};
struct kw_long : kw< TAO_PEGTL_STRING( "long" ) > {};
struct kw_int : kw< TAO_PEGTL_STRING( "int" ) > {};
struct kw_short : kw< TAO_PEGTL_STRING( "short" ) > {};
struct kw_char : kw< TAO_PEGTL_STRING( "char" ) > {};
struct fixed_type : seq< sor< seq< opt< one< 'u' > >, TAO_PEGTL_STRING( "int" ), sor< one< '8' >, TAO_PEGTL_STRING( "16" ), TAO_PEGTL_STRING( "32" ), TAO_PEGTL_STRING( "64" ) >, TAO_PEGTL_STRING( "_t" ) >, seq< one< 'u', 's' >, sor< one< '8' >, TAO_PEGTL_STRING( "16" ), TAO_PEGTL_STRING( "32" ), TAO_PEGTL_STRING( "64" ) > > >, word_end > {};
struct cast_type : sor< seq< kw_unsigned, sp1, kw_long, sp1, kw_long >, seq< kw_unsigned, sp1, kw_long >, seq< kw_unsigned, sp1, kw_int >, seq< kw_unsigned, sp1, kw_short >, seq< kw_unsigned, sp1, kw_char >, kw_unsigned, seq< kw_long, sp1, kw_long >, kw_long, kw_int, kw_short, kw_char, fixed_type > {};
struct cast_prefix : seq< one< '(' >, sp, cast_type, sp, one< ')' > > {};
struct cast_operand : seq< unary > {};
struct cast : seq< cast_prefix, sp, must< cast_operand > > {};

struct unary_op : one< '!', '~', '-' > {};
struct unary_operand : seq< unary > {};
struct unary_expr : seq< unary_op, sp, must< unary_operand > > {};
struct unary : sor< unary_expr, cast, primary > {};

// Binary levels, tightest first. Each *_tail combines the two operands on
// top of the expression stack with the operator its *_op pushed.
struct mul_op : one< '*', '/', '%' > {};
struct mul_rhs : seq< unary > {};
struct mul_tail : seq< sp, mul_op, sp, must< mul_rhs > > {};
struct mul_expr : seq< unary, star< mul_tail > > {};

struct add_op : sor< one< '+' >, seq< one< '-' >, not_at< one< '>' > > > > {};
struct add_rhs : seq< mul_expr > {};
struct add_tail : seq< sp, add_op, sp, must< add_rhs > > {};
struct add_expr : seq< mul_expr, star< add_tail > > {};

struct shift_op : sor< TAO_PEGTL_STRING( "<<" ), TAO_PEGTL_STRING( ">>" ) > {};
struct shift_rhs : seq< add_expr > {};
struct shift_tail : seq< sp, shift_op, sp, must< shift_rhs > > {};
struct shift_expr : seq< add_expr, star< shift_tail > > {};

struct rel_op : sor< TAO_PEGTL_STRING( "<=" ), TAO_PEGTL_STRING( ">=" ), seq< one< '<' >, not_at< one< '<' > > >, seq< one< '>' >, not_at< one< '>' > > > > {};
struct rel_rhs : seq< shift_expr > {};
struct rel_tail : seq< sp, rel_op, sp, must< rel_rhs > > {};
struct rel_expr : seq< shift_expr, star< rel_tail > > {};

struct eq_op : sor< TAO_PEGTL_STRING( "==" ), TAO_PEGTL_STRING( "!=" ) > {};
struct eq_rhs : seq< rel_expr > {};
struct eq_tail : seq< sp, eq_op, sp, must< eq_rhs > > {};
struct eq_expr : seq< rel_expr, star< eq_tail > > {};

struct bitand_op : seq< one< '&' >, not_at< one< '&' > > > {};
struct bitand_rhs : seq< eq_expr > {};
struct bitand_tail : seq< sp, bitand_op, sp, must< bitand_rhs > > {};
struct bitand_expr : seq< eq_expr, star< bitand_tail > > {};

struct xor_op : one< '^' > {};
struct xor_rhs : seq< bitand_expr > {};
struct xor_tail : seq< sp, xor_op, sp, must< xor_rhs > > {};
struct xor_expr : seq< bitand_expr, star< xor_tail > > {};

struct bitor_op : seq< one< '|' >, not_at< one< '|' > > > {};
struct bitor_rhs : seq< xor_expr > {};
struct bitor_tail : seq< sp, bitor_op, sp, must< bitor_rhs > > {};
struct bitor_expr : seq< xor_expr, star< bitor_tail > > {};

struct and_op : TAO_PEGTL_STRING( "&&" ) {};
struct and_rhs : seq< bitor_expr > {};
struct and_tail : seq< sp, and_op, sp, must< and_rhs > > {};
struct and_expr : seq< bitor_expr, star< and_tail > > {};

struct or_op : TAO_PEGTL_STRING( "||" ) {};
struct or_rhs : seq< and_expr > {};
struct or_tail : seq< sp, or_op, sp, must< or_rhs > > {};
struct or_expr : seq< and_expr, star< or_tail > > {};

struct expression : seq< or_expr > {};

// A standalone expression (parse_expression).
struct expr_root : seq< expression > {};
struct expr_end : eof {};
struct expression_input : seq< sp, must< expr_root >, sp, must< expr_end > > {};

// ---- Probe header ---------------------------------------------------------
struct type_field : plus< alnum > {};
struct lib_char : sor< alnum, one< '_', '.', '-', '+', '/' > > {};
struct lib_segment : plus< lib_char > {};
struct typed_library : opt< lib_segment, star< one< ':' >, lib_segment, at< one< ':' > > > > {};
struct typed_prefix : seq< opt< type_field >, one< ':' >, typed_library, one< ':' > > {};
struct lib_prefix : seq< lib_segment, one< ':' > > {};
// '-' is for USDT names (u:app:test-probe); spec/validate.cpp refuses it in
// functions and tracepoints.
struct target_name : seq< name_first, star< sor< name_other, one< '.', '-' > > > > {};
struct offset_value : sor< hex_literal, dec_literal > {};
struct offset : seq< one< '+' >, must< offset_value > > {};
struct typed_header : seq< typed_prefix, must< target_name >, opt< offset > > {};
struct lib_header : seq< lib_prefix, must< target_name >, opt< offset > > {};
struct bare_header : seq< must< target_name >, opt< offset > > {};
struct header : sor< typed_header, lib_header, bare_header > {};
struct no_signature : failure {};
struct header_end : sor< eof, at< ws >, seq< at< one< '(' > >, must< no_signature > > > {};

// ---- Filter and action ----------------------------------------------------
struct filter_body : seq< expression > {};
struct filter_close : one< ')' > {};
struct filter : seq< one< '(' >, sp, must< filter_body >, sp, must< filter_close > > {};

struct format_close : one< '"' > {};
struct format_string : seq< one< '"' >, star< string_char >, must< format_close > > {};
struct argument : seq< expression > {};
struct action_end : eof {};
struct action_body : seq< format_string, sp, star< one< ',' >, sp, must< argument >, sp >, must< action_end > > {};
struct action_after_filter : seq< at< one< '"' > >, action_body > {};
struct action_or_filter : seq< at< one< '"' > >, action_body > {};

struct probe_tail : sor< eof, seq< filter, sp, sor< eof, must< action_after_filter > > >, must< action_or_filter > > {};
// A format or filter where the probe should be: the shell split one spec
// into two arguments (sctrace 'bash:readline' '"%s", retval').
struct format_first : failure {};
struct filter_first : failure {};
struct misplaced_action : sor< seq< at< one< '"' > >, must< format_first > >, seq< at< one< '(' > >, must< filter_first > > > {};
struct probe : seq< sp, opt< misplaced_action >, header, must< header_end >, sp, probe_tail > {};

// clang-format on

} // namespace sctrace::spec::grammar

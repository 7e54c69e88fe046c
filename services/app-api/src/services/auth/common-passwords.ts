/**
 * Frequently used passwords of at least 8 characters (shorter ones already fail the length rule),
 * taken from the most common entries of public breach corpora (the SecLists "Common-Credentials"
 * top lists). Compared case-insensitively. A longer list can replace this set without code changes.
 */
const LIST = `
12345678 123456789 1234567890 12345678910 123123123 1234512345 11111111 00000000 88888888 87654321
password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword passwort
qwertyuiop qwerty123 qwerty12 qwerty1234 qwertyui 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y 1qaz2wsx
zaq12wsx zaq1zaq1 q1w2e3r4 q1w2e3r4t5 asdfghjkl asdfasdf asdf1234 zxcvbnm1 zxcvbnm123
iloveyou iloveyou1 iloveyou2 sunshine princess princess1 football football1 baseball baseball1
superman batman123 starwars trustno1 whatever welcome1 welcome123 letmein1 letmein123 abc12345
abcd1234 abcdefgh abcdefg1 aa123456 aa12345678 a1234567 a12345678 a123456789 1234qwer qwer1234
computer internet michelle jennifer charlie1 jordan23 liverpool chelsea1 arsenal1 manchester
mercedes ferrari1 pokemon1 naruto123 minecraft samsung1 corvette1 mustang1 harley12 monkey12
dragon12 master12 shadow12 freedom1 midnight sweetheart butterfly babygirl1 lovely12 loveme12
forever1 hello123 helloworld secret12 changeme changeme1 default1 administrator admin123 admin1234
root1234 test1234 testtest guest123 user1234 access14 passpass matrix12 1password 11223344
12341234 123qweasd qweasdzxc qazwsxedc 147258369 987654321 9876543210 741852963 159357456
1111111111 0000000000 12121212 11112222 666666666 777777777 999999999 555555555 qwertyqwerty
google123 facebook1 linkedin1 myspace1 whatever1 unknown1 nothing1 blahblah letmeinnow iloveu123
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter((word) => word !== ''));
